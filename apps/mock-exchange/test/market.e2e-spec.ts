import { startTestExchange, TestExchange } from './support/mock-exchange-test-app';

describe('GET /ticker (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange({ MOCK_EXCHANGE_SEED: '1234' });
  });

  afterAll(() => exchange.close());

  it('answers the contract: symbol, a 4-decimal price string, an integer Unix-seconds timestamp', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await exchange
      .ticker()
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['price', 'symbol', 'timestamp']);
    expect(res.body.symbol).toBe('AZNUSDT');
    expect(typeof res.body.price).toBe('string');
    expect(res.body.price).toMatch(/^\d+\.\d{4}$/);
    expect(typeof res.body.timestamp).toBe('number');
    expect(Number.isInteger(res.body.timestamp)).toBe(true);
    // Seconds, not milliseconds: within a few seconds of now.
    expect(res.body.timestamp).toBeGreaterThanOrEqual(before - 1);
    expect(res.body.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
  });

  it('quotes near the AZN peg, within the default band (1.7000 +/- 1%)', async () => {
    for (let i = 0; i < 50; i++) {
      const { body } = await exchange.ticker().expect(200);
      expect(Number(body.price)).toBeGreaterThanOrEqual(1.683);
      expect(Number(body.price)).toBeLessThanOrEqual(1.717);
    }
  });

  it('replays the same prices for the same seed and the same calls', async () => {
    const prices = async (ex: TestExchange) => {
      const out: string[] = [];
      for (let i = 0; i < 15; i++) out.push((await ex.ticker().expect(200)).body.price as string);
      return out;
    };
    const a = await startTestExchange({ MOCK_EXCHANGE_SEED: '77' });
    const b = await startTestExchange({ MOCK_EXCHANGE_SEED: '77' });
    try {
      const first = await prices(a);
      expect(await prices(b)).toEqual(first);
      expect(new Set(first).size).toBeGreaterThan(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.each([
    ['without a symbol', {}, 'INVALID_REQUEST'],
    ['for an unknown symbol', { symbol: 'BTCUSDT' }, 'UNKNOWN_SYMBOL'],
    ['with an unknown parameter', { symbol: 'AZNUSDT', limit: '5' }, 'INVALID_REQUEST'],
  ])('answers 400 %s', async (_case, query, code) => {
    const res = await exchange.http().get('/ticker').query(query).expect(400);
    expect(res.body).toEqual({ code, message: expect.any(String) });
    expect(res.body.message.length).toBeGreaterThan(0);
  });
});

describe('GET /health (e2e)', () => {
  it('answers {"status":"ok"}', async () => {
    const exchange = await startTestExchange();
    try {
      const res = await exchange.http().get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      await exchange.close();
    }
  });
});
