import Decimal from 'decimal.js';
import request from 'supertest';
import { HeldRequestsService } from '../src/faults/held-requests.service';
import { buyOrder, NO_FAULTS, startTestExchange, TestExchange } from './support/mock-exchange-test-app';

/** The client gives up after 300 ms; the exchange must not have answered by then. */
async function expectClientTimeout(test: request.Test): Promise<void> {
  await expect(test.timeout(300)).rejects.toMatchObject({ timeout: 300, code: 'ECONNABORTED' });
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('fault injection (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange();
  });

  afterEach(() => exchange.resetFaults());

  afterAll(() => exchange.close());

  describe('down', () => {
    it('answers 503 EXCHANGE_UNAVAILABLE on every exchange endpoint and records no order', async () => {
      await exchange.setFaults({ down: true });
      const ticker = await exchange.ticker().expect(503);
      expect(ticker.body).toEqual({ code: 'EXCHANGE_UNAVAILABLE', message: expect.any(String) });
      expect((await exchange.order(buyOrder({ clientOrderId: 'while-down' })).expect(503)).body.code).toBe('EXCHANGE_UNAVAILABLE');
      expect((await exchange.http().get('/order/while-down').expect(503)).body.code).toBe('EXCHANGE_UNAVAILABLE');

      await exchange.setFaults({ down: false });
      await exchange.ticker().expect(200);
      await exchange.http().get('/order/while-down').expect(404);
    });

    it('leaves /health and the admin API working', async () => {
      await exchange.setFaults({ down: true });
      expect((await exchange.http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await exchange.admin('get', '/admin/faults').expect(200)).body.down).toBe(true);
    });
  });

  describe('errorRate', () => {
    it('at 1 answers 500 EXCHANGE_INTERNAL_ERROR to every call and records no order', async () => {
      await exchange.setFaults({ errorRate: 1 });
      for (let i = 0; i < 5; i++) {
        const res = await exchange.ticker().expect(500);
        expect(res.body).toEqual({ code: 'EXCHANGE_INTERNAL_ERROR', message: expect.any(String) });
      }
      await exchange.order(buyOrder({ clientOrderId: 'while-erroring' })).expect(500);
      await exchange.http().get('/health').expect(200);

      await exchange.setFaults({ errorRate: 0 });
      await exchange.http().get('/order/while-erroring').expect(404);
    });

    it('at 0 answers every call normally', async () => {
      await exchange.setFaults({ errorRate: 0 });
      for (let i = 0; i < 10; i++) await exchange.ticker().expect(200);
      await exchange.order(buyOrder()).expect(201);
    });

    it('at 0.5 fails some calls, the same ones again after a reset (seeded)', async () => {
      const run = async (): Promise<number[]> => {
        await exchange.setFaults({ errorRate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await exchange.ticker()).status);
        await exchange.resetFaults();
        return statuses;
      };
      const first = await run();
      expect(first).toContain(500);
      expect(first).toContain(200);
      expect(await run()).toEqual(first);
    });
  });

  describe('latencyMs', () => {
    it('delays every exchange answer by at least the latency', async () => {
      await exchange.setFaults({ latencyMs: 250 });
      for (const call of [() => exchange.ticker().expect(200), () => exchange.order(buyOrder()).expect(201)]) {
        const started = Date.now();
        await call();
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      }
    });

    it('still fills an order whose client gave up during the delay (an outcome the client never learnt)', async () => {
      await exchange.setFaults({ latencyMs: 400 });
      await expectClientTimeout(exchange.order(buyOrder({ clientOrderId: 'gave-up-waiting' })));
      await exchange.setFaults({ latencyMs: 0 });
      let found = 0;
      for (let i = 0; i < 50 && found !== 200; i++) {
        await new Promise((r) => setTimeout(r, 20));
        found = (await exchange.http().get('/order/gave-up-waiting')).status;
      }
      expect(found).toBe(200);
    });

    it('delays failures too', async () => {
      await exchange.setFaults({ latencyMs: 200, down: true });
      const started = Date.now();
      await exchange.ticker().expect(503);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    });
  });

  describe('hang', () => {
    it('never answers: the client times out, nothing is recorded, the held request is released', async () => {
      const held = exchange.app.get(HeldRequestsService);
      await exchange.setFaults({ hang: true });
      await expectClientTimeout(exchange.ticker());
      await expectClientTimeout(exchange.order(buyOrder({ clientOrderId: 'while-hung' })));
      await waitFor(() => held.count === 0, 'held requests to be released after the clients left');

      // Health and admin still answer.
      await exchange.http().get('/health').timeout(2000).expect(200);
      await exchange.setFaults({ hang: false });
      await exchange.http().get('/order/while-hung').expect(404);
      await exchange.ticker().expect(200);
    });
  });

  describe('loseResponses', () => {
    it('fills the order but never answers; the order is found afterwards by clientOrderId', async () => {
      await exchange.setFaults({ loseResponses: true });
      await expectClientTimeout(exchange.order(buyOrder({ clientOrderId: 'answer-lost' })));
      await exchange.setFaults({ loseResponses: false });
      const res = await exchange.http().get('/order/answer-lost').expect(200);
      expect(res.body).toMatchObject({ status: 'FILLED', clientOrderId: 'answer-lost', executedQty: '50.00' });
      // Sending it again is safe: the same fill comes back.
      const repeat = await exchange.order(buyOrder({ clientOrderId: 'answer-lost' })).expect(201);
      expect(repeat.body).toEqual(res.body);
    });
  });

  describe('scope', () => {
    it('"orders" keeps the ticker answering while the order endpoints are down', async () => {
      await exchange.setFaults({ down: true, scope: 'orders' });
      await exchange.ticker().expect(200);
      const res = await exchange.order(buyOrder({ clientOrderId: 'scoped-down' })).expect(503);
      expect(res.body.code).toBe('EXCHANGE_UNAVAILABLE');
      await exchange.http().get('/order/scoped-down').expect(503);
      await exchange.setFaults({ scope: 'all' });
      await exchange.ticker().expect(503);
    });

    it('refuses an unknown scope', async () => {
      await exchange.admin('put', '/admin/faults').send({ scope: 'ticker' }).expect(400);
    });
  });

  describe('liquidityLimit', () => {
    it('rejects a larger order with 422 INSUFFICIENT_LIQUIDITY and records nothing', async () => {
      await exchange.setFaults({ liquidityLimit: '100.00' });
      const res = await exchange.order(buyOrder({ quantity: '100.01', clientOrderId: 'too-big' })).expect(422);
      expect(res.body).toEqual({ code: 'INSUFFICIENT_LIQUIDITY', message: expect.stringContaining('100.01') });
      await exchange.http().get('/order/too-big').expect(404);
      // Up to the limit still fills, SELL included.
      await exchange.order(buyOrder({ quantity: '100.00' })).expect(201);
      await exchange.order(buyOrder({ side: 'SELL', quantity: '100' })).expect(201);
    });

    it('is lifted with null', async () => {
      await exchange.setFaults({ liquidityLimit: '1' });
      await exchange.order(buyOrder()).expect(422);
      await exchange.setFaults({ liquidityLimit: null });
      await exchange.order(buyOrder()).expect(201);
    });
  });

  describe('reset', () => {
    it('restores the start-up settings (no faults here) and normal answers', async () => {
      await exchange.setFaults({
        down: true,
        errorRate: 1,
        latencyMs: 10,
        hang: true,
        loseResponses: true,
        liquidityLimit: '1',
        priceJump: '0.05',
      });
      await exchange.http().get('/health').timeout(2000).expect(200);
      const res = await exchange.admin('post', '/admin/faults/reset').expect(200);
      expect(res.body).toEqual(NO_FAULTS);
      await exchange.ticker().expect(200);
      await exchange.order(buyOrder()).expect(201);
    });
  });
});

describe('priceJump (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange({ MOCK_EXCHANGE_SEED: '2024' });
  });

  afterAll(() => exchange.close());

  it('shifts the ticker and the fills by the jump from the moment it is set', async () => {
    await exchange.setPrice({ mid: '1.7000', volatility: '0' });
    expect((await exchange.ticker().expect(200)).body.price).toBe('1.7000');

    await exchange.setFaults({ priceJump: '0.02' });
    expect((await exchange.ticker().expect(200)).body.price).toBe('1.7340');
    expect((await exchange.order(buyOrder()).expect(201)).body.executedPrice).toBe('1.7340');

    await exchange.setFaults({ priceJump: '-0.01' });
    expect((await exchange.ticker().expect(200)).body.price).toBe('1.6830');

    await exchange.resetFaults();
    expect((await exchange.ticker().expect(200)).body.price).toBe('1.7000');
  });

  it('shifts a moving walk by the jump, step for step', async () => {
    const twin = await startTestExchange({ MOCK_EXCHANGE_SEED: '31' });
    const jumped = await startTestExchange({ MOCK_EXCHANGE_SEED: '31' });
    try {
      await jumped.setFaults({ priceJump: '0.02' });
      for (let i = 0; i < 10; i++) {
        const base = new Decimal((await twin.ticker().expect(200)).body.price);
        const shifted = (await jumped.ticker().expect(200)).body.price;
        expect(shifted).toBe(base.times('1.02').toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));
      }
    } finally {
      await twin.close();
      await jumped.close();
    }
  });
});
