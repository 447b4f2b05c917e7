import { buyOrder, startTestExchange, TestExchange } from './support/mock-exchange-test-app';

describe('POST /order and GET /order/:id (e2e)', () => {
  let exchange: TestExchange;

  beforeAll(async () => {
    exchange = await startTestExchange();
  });

  afterAll(() => exchange.close());

  it('fills the contract example with 201, field by field', async () => {
    const res = await exchange
      .order({ symbol: 'AZNUSDT', side: 'BUY', quantity: '50.00', type: 'MARKET' })
      .expect(201)
      .expect('Content-Type', /application\/json/);
    expect(typeof res.body.orderId).toBe('string');
    expect(res.body.orderId).toMatch(/^ex_/);
    expect(res.body.status).toBe('FILLED');
    expect(typeof res.body.executedPrice).toBe('string');
    expect(res.body.executedPrice).toMatch(/^\d+\.\d{4}$/);
    expect(res.body.executedQty).toBe('50.00');
    // Additions only: the contract's fields plus side and symbol (no clientOrderId when none was sent).
    expect(Object.keys(res.body).sort()).toEqual(['executedPrice', 'executedQty', 'orderId', 'side', 'status', 'symbol']);
    expect(res.body.side).toBe('BUY');
    expect(res.body.symbol).toBe('AZNUSDT');
  });

  it('fills SELL like BUY and echoes the quantity exactly as sent', async () => {
    const res = await exchange.order(buyOrder({ side: 'SELL', quantity: '12.345' })).expect(201);
    expect(res.body).toMatchObject({ status: 'FILLED', side: 'SELL', executedQty: '12.345' });
  });

  it('fills at the price the ticker would have shown at that moment', async () => {
    const seeded = { MOCK_EXCHANGE_SEED: '99' };
    const a = await startTestExchange(seeded);
    const b = await startTestExchange(seeded);
    try {
      for (let i = 0; i < 5; i++) {
        const fill = await a.order(buyOrder()).expect(201);
        const tick = await b.ticker().expect(200);
        expect(fill.body.executedPrice).toBe(tick.body.price);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers GET /order/:id by orderId and by clientOrderId with the POST answer', async () => {
    const placed = await exchange.order(buyOrder({ clientOrderId: 'lookup-1' })).expect(201);
    expect(placed.body.clientOrderId).toBe('lookup-1');
    const byOrderId = await exchange.http().get(`/order/${placed.body.orderId}`).expect(200);
    const byClientId = await exchange.http().get('/order/lookup-1').expect(200);
    expect(byOrderId.body).toEqual(placed.body);
    expect(byClientId.body).toEqual(placed.body);
  });

  it('answers 404 ORDER_NOT_FOUND for an unknown id', async () => {
    const res = await exchange.http().get('/order/never-placed').expect(404);
    expect(res.body).toEqual({ code: 'ORDER_NOT_FOUND', message: expect.stringContaining('never-placed') });
  });

  describe('a repeated clientOrderId', () => {
    it('returns the original order (same orderId, same price) and does not fill twice', async () => {
      const first = await exchange.order(buyOrder({ clientOrderId: 'idem-1' })).expect(201);
      // The walk moves between the two calls, so a second fill would have another price.
      await exchange.ticker().expect(200);
      const repeat = await exchange.order(buyOrder({ clientOrderId: 'idem-1' })).expect(201);
      expect(repeat.body).toEqual(first.body);
    });

    it.each([
      ['side', { side: 'SELL' }],
      ['quantity', { quantity: '51.00' }],
    ])('answers 409 CLIENT_ORDER_ID_REUSED when the %s differs, and keeps the original', async (_field, change) => {
      const clientOrderId = `idem-${_field}`;
      const first = await exchange.order(buyOrder({ clientOrderId })).expect(201);
      const res = await exchange.order(buyOrder({ clientOrderId, ...change })).expect(409);
      expect(res.body).toEqual({ code: 'CLIENT_ORDER_ID_REUSED', message: expect.stringContaining(clientOrderId) });
      const stored = await exchange.http().get(`/order/${clientOrderId}`).expect(200);
      expect(stored.body).toEqual(first.body);
    });
  });

  describe('rejects with 400 {code, message} and records nothing', () => {
    it.each([
      ['an unknown symbol', { symbol: 'BTCUSDT' }, 'UNKNOWN_SYMBOL'],
      ['an unknown side', { side: 'HOLD' }, 'INVALID_SIDE'],
      ['an unknown type', { type: 'LIMIT' }, 'INVALID_TYPE'],
      ['a number as quantity', { quantity: 50 }, 'INVALID_QUANTITY'],
      ['a negative quantity', { quantity: '-50.00' }, 'INVALID_QUANTITY'],
      ['a zero quantity', { quantity: '0.00' }, 'INVALID_QUANTITY'],
      ['exponent notation', { quantity: '5e1' }, 'INVALID_QUANTITY'],
      ['a quantity with spaces', { quantity: ' 50.00 ' }, 'INVALID_QUANTITY'],
      ['more than 8 decimals', { quantity: '50.000000001' }, 'INVALID_QUANTITY'],
      ['a bad clientOrderId', { clientOrderId: 'has space' }, 'INVALID_CLIENT_ORDER_ID'],
      ['an unknown field', { price: '1.7000' }, 'INVALID_REQUEST'],
      ['a missing symbol', { symbol: undefined }, 'INVALID_REQUEST'],
      ['a missing side', { side: undefined }, 'INVALID_REQUEST'],
      ['a missing quantity', { quantity: undefined }, 'INVALID_REQUEST'],
      ['a missing type', { type: undefined }, 'INVALID_REQUEST'],
    ])('%s', async (name, change, code) => {
      const clientOrderId = `rejected-${name.replace(/[^a-z0-9]/gi, '-')}`;
      const body = buyOrder({ ...change, ...(code !== 'INVALID_CLIENT_ORDER_ID' && { clientOrderId }) });
      const res = await exchange.order(body).expect(400);
      expect(res.body).toEqual({ code, message: expect.any(String) });
      expect(res.body.message.length).toBeGreaterThan(10);
      await exchange.http().get(`/order/${clientOrderId}`).expect(404);
    });

    it('a body that is not JSON', async () => {
      const res = await exchange.http().post('/order').set('Content-Type', 'application/json').send('{"symbol":').expect(400);
      expect(res.body).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });
    });

    it('an empty body', async () => {
      const res = await exchange.http().post('/order').expect(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    });
  });

  it('answers an unknown route with 404 in the same {code, message} shape', async () => {
    const res = await exchange.http().get('/orders').expect(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });
});
