import { Test } from '@nestjs/testing';
import request from 'supertest';
import { EXCHANGE_ADMIN_KEY_HEADER } from '@app/shared-types';
import { ExchangeClient, ExchangeModule } from '../src/exchange';
import { MockExchangeHandle, startMockExchange } from '../../../test/support/mock-exchange-harness';

describe('ExchangeClient price cache', () => {
  let exchange: MockExchangeHandle;
  let client: ExchangeClient;
  // The walk takes one step per ticker request the exchange answers.
  const steps = async () =>
    (await request(exchange.app.getHttpServer()).get('/admin/price').set(EXCHANGE_ADMIN_KEY_HEADER, 'core-tests-admin-key')).body.steps as number;

  beforeAll(async () => {
    exchange = await startMockExchange();
    const module = await Test.createTestingModule({ imports: [ExchangeModule.forRoot({ baseURL: exchange.url, timeoutMs: 1000 })] }).compile();
    client = module.get(ExchangeClient);
  });

  afterAll(async () => {
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
