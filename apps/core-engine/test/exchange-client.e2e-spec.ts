import { Test, TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { DatabaseModule } from '@app/database';
import { EXCHANGE_ADMIN_KEY_HEADER } from '@app/shared-types';
import { ExchangeClient, ExchangeModule } from '../src/exchange';
import { MetricsModule } from '../src/metrics';
import { MockExchangeHandle, startMockExchange } from '../../../test/support/mock-exchange-harness';
import { json, ScriptedHttpServer } from '../../../test/support/scripted-http-server';
import { Decimal } from '../src/money';

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
      imports: [
        DatabaseModule.forRoot({ url: process.env.DATABASE_URL as string, poolSize: 1 }),
        MetricsModule,
        ExchangeModule.forRoot({ baseURL: exchange.url, timeoutMs: 1000, recvWindowMs: 5000 }),
      ],
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

describe('ExchangeClient answers that are not a fill', () => {
  let server: ScriptedHttpServer;
  let client: ExchangeClient;
  let module: TestingModule;

  beforeAll(async () => {
    server = await ScriptedHttpServer.start();
    module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: process.env.DATABASE_URL as string, poolSize: 1 }),
        MetricsModule,
        ExchangeModule.forRoot({ baseURL: server.url, timeoutMs: 1000, recvWindowMs: 5000 }),
      ],
    }).compile();
    client = module.get(ExchangeClient);
  });

  afterAll(async () => {
    await module.close();
    await server.close();
  });

  const order = (status: string) => ({
    orderId: 'o-1',
    clientOrderId: 'c-1',
    symbol: 'AZNUSDT',
    side: 'BUY',
    status,
    executedPrice: '1.7000',
    executedQty: '0.00',
  });

  it.each(['NEW', 'PARTIALLY_FILLED', 'SOMETHING_ELSE'])(
    'a 2xx order answer with status %s is unknown (looked up), never a rejection',
    async (status) => {
      server.script = (_req, _body, res) => json(res, 200, order(status));
      const outcome = await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date());
      expect(outcome.kind).toBe('unknown');
    },
  );

  it('a 2xx order answer without a status (an HTML page, {}) is unknown', async () => {
    server.script = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>gateway</html>');
    expect((await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).kind).toBe('unknown');
    server.script = (_req, _body, res) => json(res, 200, {});
    expect((await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).kind).toBe('unknown');
  });

  it('an explicit REJECTED is a rejection, and FILLED a fill', async () => {
    server.script = (_req, _body, res) => json(res, 200, order('REJECTED'));
    expect((await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).kind).toBe('rejected');
    server.script = (_req, _body, res) => json(res, 200, { ...order('FILLED'), executedQty: '10.00' });
    expect(await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).toMatchObject({ kind: 'filled', orderId: 'o-1' });
  });

  // Issue 22, 2.2: an ended order is a rejection only when nothing of it executed.
  it.each(['EXPIRED', 'CANCELED', 'CANCELLED'])('%s with executedQty exactly zero is a rejection, placing and looking up', async (status) => {
    for (const executedQty of ['0', '0.00', '0.00000000']) {
      server.script = (_req, _body, res) => json(res, 200, { ...order(status), executedQty });
      expect(await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).toEqual({
        kind: 'rejected',
        reason: `order status ${status}, nothing executed`,
      });
      expect((await client.findOrder('c-1')).kind).toBe('rejected');
    }
  });

  it.each(['EXPIRED', 'CANCELED', 'CANCELLED'])('%s with a positive executedQty is a fill of that part, placing and looking up', async (status) => {
    server.script = (_req, _body, res) => json(res, 200, { ...order(status), executedPrice: '1.7010', executedQty: '4.50' });
    const expected = { kind: 'filled', orderId: 'o-1', executedPrice: new Decimal('1.7010'), executedQty: new Decimal('4.50') };
    expect(await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date())).toEqual(expected);
    expect(await client.findOrder('c-1')).toEqual(expected);
  });

  it.each([
    ['an unreadable executedQty', { executedQty: 'lots' }],
    ['a missing executedQty', { executedQty: undefined }],
    ['a number for executedQty', { executedQty: 4.5 }],
    ['a positive executedQty without a price', { executedQty: '4.50', executedPrice: null }],
  ])('EXPIRED with %s is unknown and marked for review at once, never a rejection', async (_name, fields) => {
    server.script = (_req, _body, res) => json(res, 200, { ...order('EXPIRED'), ...fields });
    for (const outcome of [await client.placeOrder('BUY', new Decimal('10.00'), 'c-1', new Date()), await client.findOrder('c-1')]) {
      expect(outcome).toMatchObject({ kind: 'unknown', answered: true, review: 'partial_fill' });
    }
  });

  it('a lookup that finds the order still NEW is unknown', async () => {
    server.script = (_req, _body, res) => json(res, 200, order('NEW'));
    expect((await client.findOrder('c-1')).kind).toBe('unknown');
  });

  it('a shared ticker request that fails rejects every caller and leaves no promise without a listener', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      server.script = (_req, _body, res) => json(res, 503, { code: 'DOWN' });
      // One caller alone, as a lone buy after a quiet spell: its promise is the only one awaited.
      await expect(client.ticker(5_000)).rejects.toThrow('The exchange is not available');
      const results = await Promise.allSettled([client.ticker(5_000), client.ticker(5_000)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
