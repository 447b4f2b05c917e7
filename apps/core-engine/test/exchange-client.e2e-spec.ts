import { Test, TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { DatabaseModule } from '@app/database';
import { EXCHANGE_ADMIN_KEY_HEADER } from '@app/shared-types';
import { ExchangeClient, ExchangeModule } from '../src/exchange';
import { MetricsModule } from '../src/metrics';
import { MockExchangeHandle, startMockExchange } from '../../../test/support/mock-exchange-harness';

describe('ExchangeClient price cache', () => {
  let exchange: MockExchangeHandle;
  let client: ExchangeClient;
  let module: TestingModule;
  // The walk takes one step per ticker request the exchange answers.
  const steps = async () =>
    (await request(exchange.app.getHttpServer()).get('/admin/price').set(EXCHANGE_ADMIN_KEY_HEADER, 'core-tests-admin-key')).body.steps as number;

  beforeAll(async () => {
    exchange = await startMockExchange();
    // The client times its calls for the metrics (whose outbox gauge reads the database).
    module = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ url: process.env.DATABASE_URL as string, poolSize: 1 }), MetricsModule, ExchangeModule.forRoot({ baseURL: exchange.url, timeoutMs: 1000 })],
    }).compile();
    client = module.get(ExchangeClient);
  });

  afterAll(async () => {
    await module.close();
    await exchange.close();
  });

  it('reuses a price younger than the bound, and concurrent callers share one request', async () => {
    const before = await steps();
    await Promise.all([client.ticker(5_000), client.ticker(5_000), client.ticker(5_000)]);
    await client.ticker(5_000);
    expect((await steps()) - before).toBe(1);
  });

  it('asks the exchange every time with a bound of 0 (quoted trades, slippage check)', async () => {
    const before = await steps();
    await client.ticker(0);
    await client.ticker(0);
    expect((await steps()) - before).toBe(2);
  });

  it('asks again once the cached price is older than the bound', async () => {
    await client.ticker(0);
    const before = await steps();
    await new Promise((r) => setTimeout(r, 60));
    await client.ticker(50);
    expect((await steps()) - before).toBe(1);
  });
});
