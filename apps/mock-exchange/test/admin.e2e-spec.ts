import { ADMIN_KEY, buyOrder, NO_FAULTS, startTestExchange, TestExchange } from './support/mock-exchange-test-app';

describe('admin API (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange();
  });

  afterEach(() => exchange.resetFaults());

  afterAll(() => exchange.close());

  describe('admin API', () => {
    it.each([
      ['get', '/admin/faults'],
      ['put', '/admin/faults'],
      ['post', '/admin/faults/reset'],
      ['get', '/admin/price'],
      ['post', '/admin/price'],
    ] as const)('answers 401 UNAUTHORIZED to %s %s without the key or with a wrong one', async (method, path) => {
      const missing = await exchange.http()[method](path).send({ down: true }).expect(401);
      expect(missing.body).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) });
      const wrong = await exchange.http()[method](path).set('x-admin-key', `${ADMIN_KEY}x`).send({ down: true }).expect(401);
      expect(wrong.body.code).toBe('UNAUTHORIZED');
      // Nothing was switched.
      expect((await exchange.admin('get', '/admin/faults').expect(200)).body).toEqual(NO_FAULTS);
    });

    it('shows the current faults', async () => {
      expect((await exchange.admin('get', '/admin/faults').expect(200)).body).toEqual(NO_FAULTS);
    });

    it('updates only the fields given and answers the full settings', async () => {
      await exchange.setFaults({ latencyMs: 5 });
      const res = await exchange.admin('put', '/admin/faults').send({ liquidityLimit: '250.5', priceJump: '0.01' }).expect(200);
      expect(res.body).toEqual({ ...NO_FAULTS, latencyMs: 5, liquidityLimit: '250.5', priceJump: '0.01' });
    });

    it.each([
      ['errorRate above 1', { errorRate: 1.5 }],
      ['a string flag', { down: 'yes' }],
      ['a null flag', { hang: null }],
      ['negative latency', { latencyMs: -1 }],
      ['fractional latency', { latencyMs: 1.5 }],
      ['priceJump as a number', { priceJump: 0.02 }],
      ['priceJump out of range', { priceJump: '0.9' }],
      ['a zero liquidity limit', { liquidityLimit: '0' }],
      ['an unknown fault', { explode: true }],
    ])('refuses %s with 400 INVALID_REQUEST and changes nothing', async (_case, update) => {
      const res = await exchange.admin('put', '/admin/faults').send(update).expect(400);
      expect(res.body).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });
      expect((await exchange.admin('get', '/admin/faults').expect(200)).body).toEqual(NO_FAULTS);
    });
  });
});

describe('POST /admin/price (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange();
  });

  afterAll(() => exchange.close());

  it('restarts the walk at a new mid and seed; GET /admin/price reads it without stepping', async () => {
    const res = await exchange.admin('post', '/admin/price').send({ mid: '2.5000', seed: 7, band: '0.02' }).expect(200);
    expect(res.body).toEqual({
      mid: '2.5000',
      seed: 7,
      volatility: '0.0005',
      band: '0.02',
      lowerBound: '2.4500',
      upperBound: '2.5500',
      walkPrice: '2.5000',
      steps: 0,
    });
    const tick = await exchange.ticker().expect(200);
    const view = await exchange.admin('get', '/admin/price').expect(200);
    expect(view.body).toMatchObject({ walkPrice: tick.body.price, steps: 1 });
    await exchange.admin('get', '/admin/price').expect(200);
    expect((await exchange.admin('get', '/admin/price').expect(200)).body.steps).toBe(1);
  });

  it.each([
    ['a mid with 5 decimals', { mid: '1.70001' }],
    ['a numeric mid', { mid: 1.7 }],
    ['a negative seed', { seed: -1 }],
    ['an unknown field', { drift: '0.1' }],
  ])('refuses %s with 400 INVALID_REQUEST', async (_case, body) => {
    const res = await exchange.admin('post', '/admin/price').send(body).expect(400);
    expect(res.body).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });
  });
});

describe('faults set through env at start (e2e)', () => {
  it('applies them from the first request, and reset returns to them', async () => {
    const exchange = await startTestExchange({ MOCK_EXCHANGE_DOWN: 'true', MOCK_EXCHANGE_LIQUIDITY_LIMIT: '10' });
    try {
      await exchange.ticker().expect(503);
      await exchange.http().get('/health').expect(200);
      await exchange.setFaults({ down: false });
      await exchange.order(buyOrder({ quantity: '11' })).expect(422);
      await exchange.order(buyOrder({ quantity: '10' })).expect(201);
      await exchange.resetFaults();
      await exchange.ticker().expect(503);
    } finally {
      await exchange.close();
    }
  });
});
