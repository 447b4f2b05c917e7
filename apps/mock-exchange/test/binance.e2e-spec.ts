import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startTestExchange, TestExchange } from './support/mock-exchange-test-app';
import { OrderBookService } from '../src/orders/order-book.service';

const KEY = 'mock-binance-key';
const SECRET = 'mock-binance-secret';

/** Signs as rest-api.md says: HMAC-SHA256 of the query string (then the body), hex. */
function signed(params: Record<string, string | number>, secret = SECRET): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${query}&signature=${createHmac('sha256', secret).update(query).digest('hex')}`;
}

describe('Mock Exchange: the Binance Spot routes under /api/v3', () => {
  let ex: TestExchange;

  beforeAll(async () => {
    ex = await startTestExchange({
      MOCK_EXCHANGE_BINANCE_API_KEY: KEY,
      MOCK_EXCHANGE_BINANCE_API_SECRET: SECRET,
      MOCK_EXCHANGE_VOLATILITY: '0',
      MOCK_EXCHANGE_MID_PRICE: '1.6847',
      MOCK_EXCHANGE_BINANCE_MIN_NOTIONAL: '5.00',
    });
  });

  afterEach(async () => {
    await ex.resetFaults();
    await ex.admin('post', '/admin/binance/faults/reset').expect(200);
  });

  afterAll(async () => {
    await ex.close();
  });

  const order = (params: Record<string, string | number>) =>
    ex
      .http()
      .post(`/api/v3/order?${signed({ symbol: 'USDTAZN', side: 'BUY', type: 'MARKET', timestamp: Date.now(), recvWindow: 5000, ...params })}`)
      .set('X-MBX-APIKEY', KEY);
  const lookup = (clientOrderId: string) =>
    ex
      .http()
      .get(`/api/v3/order?${signed({ symbol: 'USDTAZN', origClientOrderId: clientOrderId, timestamp: Date.now() })}`)
      .set('X-MBX-APIKEY', KEY);
  const binanceFaults = (update: object) => ex.admin('put', '/admin/binance/faults').send(update).expect(200);

  it('answers the server time, the symbol with its filters, and the book ticker at the walk price', async () => {
    const time = await ex.http().get('/api/v3/time').expect(200);
    expect(Number.isInteger(time.body.serverTime)).toBe(true);
    const info = await ex.http().get('/api/v3/exchangeInfo').query({ symbol: 'USDTAZN' }).expect(200);
    expect(info.body.symbols).toHaveLength(1);
    expect(info.body.symbols[0]).toMatchObject({ symbol: 'USDTAZN', baseAsset: 'USDT', quoteAsset: 'AZN', status: 'TRADING' });
    expect(info.body.symbols[0].filters).toEqual([
      { filterType: 'PRICE_FILTER', minPrice: '0.00010000', maxPrice: '1000000.00000000', tickSize: '0.00010000' },
      { filterType: 'LOT_SIZE', minQty: '0.01000000', maxQty: '9000000.00000000', stepSize: '0.01000000' },
      {
        filterType: 'NOTIONAL',
        minNotional: '5.00000000',
        applyMinToMarket: true,
        maxNotional: '9000000000.00000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
    ]);
    const book = await ex.http().get('/api/v3/ticker/bookTicker').query({ symbol: 'USDTAZN' }).expect(200);
    expect(book.body).toEqual({
      symbol: 'USDTAZN',
      bidPrice: '1.68470000',
      bidQty: '9000000.00000000',
      askPrice: '1.68470000',
      askQty: '9000000.00000000',
    });
    const price = await ex.http().get('/api/v3/ticker/price').query({ symbol: 'USDTAZN' }).expect(200);
    expect(price.body).toEqual({ symbol: 'USDTAZN', price: '1.68470000' });
    const bad = await ex.http().get('/api/v3/ticker/price').query({ symbol: 'BTCUSDT' }).expect(400);
    expect(bad.body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('fills a signed MARKET order (FULL answer) into the book the literal routes read', async () => {
    const res = await order({ quantity: '58.47', newClientOrderId: 'bn-1', newOrderRespType: 'FULL' }).expect(200);
    expect(res.body).toMatchObject({
      symbol: 'USDTAZN',
      clientOrderId: 'bn-1',
      origQty: '58.47000000',
      executedQty: '58.47000000',
      cummulativeQuoteQty: '98.50440900',
      status: 'FILLED',
      type: 'MARKET',
      side: 'BUY',
      fills: [{ price: '1.68470000', qty: '58.47000000', commission: '0.00000000', commissionAsset: 'AZN', tradeId: res.body.orderId }],
    });
    expect(Number.isSafeInteger(res.body.orderId)).toBe(true);
    const literal = await ex.http().get('/order/bn-1').expect(200);
    expect(literal.body).toMatchObject({ status: 'FILLED', executedQty: '58.47', executedPrice: '1.6847', side: 'BUY' });

    const found = await lookup('bn-1').expect(200);
    expect(found.body).toMatchObject({ orderId: res.body.orderId, status: 'FILLED', executedQty: '58.47000000', cummulativeQuoteQty: '98.50440900' });
    // A repeat answers the first order and fills nothing more.
    const again = await order({ quantity: '58.47', newClientOrderId: 'bn-1' }).expect(200);
    expect(again.body.orderId).toBe(res.body.orderId);
    const other = await order({ quantity: '10.00', newClientOrderId: 'bn-1' }).expect(400);
    expect(other.body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
  });

  it('takes the parameters from a form body too, the signature covering query string then body', async () => {
    const query = 'symbol=USDTAZN&side=SELL&type=MARKET';
    const body = `quantity=10.00&newClientOrderId=bn-form&timestamp=${Date.now()}`;
    const signature = createHmac('sha256', SECRET)
      .update(query + body)
      .digest('hex');
    const res = await ex
      .http()
      .post(`/api/v3/order?${query}`)
      .set('X-MBX-APIKEY', KEY)
      .type('form')
      .send(`${body}&signature=${signature}`)
      .expect(200);
    expect(res.body).toMatchObject({ side: 'SELL', executedQty: '10.00000000', status: 'FILLED' });
  });

  it.each<[string, () => request.Test, number, number]>([
    ['no API key', () => ex.http().post(`/api/v3/order?${signed({ symbol: 'USDTAZN', timestamp: Date.now() })}`), 401, -2014],
    [
      'another API key',
      () =>
        ex
          .http()
          .post(`/api/v3/order?${signed({ symbol: 'USDTAZN', timestamp: Date.now() })}`)
          .set('X-MBX-APIKEY', 'nope'),
      401,
      -2015,
    ],
    [
      'a signature with another secret',
      () =>
        ex
          .http()
          .post(`/api/v3/order?${signed({ symbol: 'USDTAZN', side: 'BUY', type: 'MARKET', quantity: '1.00', timestamp: Date.now() }, 'other')}`)
          .set('X-MBX-APIKEY', KEY),
      400,
      -1022,
    ],
    ['a timestamp past its recvWindow', () => order({ quantity: '5.00', timestamp: Date.now() - 6000 }), 400, -1021],
    ['a timestamp ahead of the server', () => order({ quantity: '5.00', timestamp: Date.now() + 5000 }), 400, -1021],
    ['a quantity off the lot step', () => order({ quantity: '5.001' }), 400, -1013],
    ['a notional under minNotional', () => order({ quantity: '2.00' }), 400, -1013],
    ['a LIMIT order', () => order({ quantity: '5.00', type: 'LIMIT' }), 400, -1116],
  ])('refuses %s with Binance code and status, filling nothing', async (_case, send, status, code) => {
    const before = ex.app.get(OrderBookService).size;
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(typeof res.body.msg).toBe('string');
    expect(ex.app.get(OrderBookService).size).toBe(before);
  });

  it('answers -2013 for an order it does not have', async () => {
    const res = await lookup('never-sent').expect(400);
    expect(res.body).toEqual({ code: -2013, msg: 'Order does not exist.' });
  });

  it('answers a rejection above the liquidity limit as -2010', async () => {
    await ex.setFaults({ liquidityLimit: '10' });
    const res = await order({ quantity: '11.00', newClientOrderId: 'bn-liq' }).expect(400);
    expect(res.body.code).toBe(-2010);
    await lookup('bn-liq').expect(400);
  });

  it('answers 503 when down and 500 on an injected error, in Binance form', async () => {
    await ex.setFaults({ down: true });
    expect((await order({ quantity: '5.00' }).expect(503)).body.code).toBe(-1008);
    await ex.setFaults({ down: false, errorRate: 1 });
    expect((await order({ quantity: '5.00' }).expect(500)).body.code).toBe(-1000);
  });

  it('fills and then never answers under loseResponses, as the literal POST /order does', async () => {
    await ex.setFaults({ loseResponses: true });
    await expect(order({ quantity: '5.00', newClientOrderId: 'bn-lost' }).timeout(300)).rejects.toThrow(/Timeout/);
    await ex.setFaults({ loseResponses: false });
    expect((await lookup('bn-lost').expect(200)).body).toMatchObject({ status: 'FILLED', executedQty: '5.00000000' });
  });

  it('answers 429 and 418 with Retry-After under the rate-limit fault, placing nothing', async () => {
    await binanceFaults({ rateLimit: { status: 429, retryAfterSeconds: 7 } });
    const limited = await order({ quantity: '5.00', newClientOrderId: 'bn-429' }).expect(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.body.code).toBe(-1003);
    await binanceFaults({ rateLimit: { status: 418, retryAfterSeconds: 120 } });
    const banned = await ex.http().get('/api/v3/time').expect(418);
    expect(banned.headers['retry-after']).toBe('120');
    await binanceFaults({ rateLimit: null });
    await lookup('bn-429').expect(400);
  });

  it('fills half and expires the rest under the PARTIAL fault; fills nothing under EXPIRED', async () => {
    await binanceFaults({ fill: 'PARTIAL' });
    const partial = await order({ quantity: '10.01', newClientOrderId: 'bn-part' }).expect(200);
    expect(partial.body).toMatchObject({ status: 'EXPIRED', origQty: '10.01000000', executedQty: '5.00000000', cummulativeQuoteQty: '8.42350000' });
    expect((await lookup('bn-part').expect(200)).body).toMatchObject({ status: 'EXPIRED', executedQty: '5.00000000' });
    await binanceFaults({ fill: 'EXPIRED' });
    const expired = await order({ quantity: '10.00', newClientOrderId: 'bn-exp' }).expect(200);
    expect(expired.body).toMatchObject({ status: 'EXPIRED', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', fills: [] });
    expect((await lookup('bn-exp').expect(200)).body.status).toBe('EXPIRED');
  });

  it('keeps its server clock apart by clockOffsetMs, and judges timestamps by it', async () => {
    await binanceFaults({ clockOffsetMs: -3000 });
    const time = await ex.http().get('/api/v3/time').expect(200);
    expect(time.body.serverTime).toBeLessThan(Date.now() - 2000);
    // Our clock is 3 s ahead of the server's: a timestamp from it is refused, one on the server's clock accepted.
    expect((await order({ quantity: '5.00' }).expect(400)).body.code).toBe(-1021);
    await order({ quantity: '5.00', timestamp: Date.now() - 3000 }).expect(200);
  });
});
