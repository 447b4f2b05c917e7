import { Test, TestingModule } from '@nestjs/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DatabaseModule } from '@app/database';
import { OrderNotTradableError } from '../src/errors';
import { ExchangeClient, ExchangeModule } from '../src/exchange';
import { binanceSignature } from '../src/exchange/binance/binance-signing';
import { MetricsModule } from '../src/metrics';
import { Decimal } from '../src/money';
import { json, ScriptedHttpServer } from '../../../test/support/scripted-http-server';

const KEY = 'scripted-binance-key';
const SECRET = 'scripted-binance-secret';

const EXCHANGE_INFO = {
  symbols: [
    {
      symbol: 'USDTAZN',
      status: 'TRADING',
      baseAsset: 'USDT',
      quoteAsset: 'AZN',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.00010000', maxPrice: '1000000.00000000', tickSize: '0.00010000' },
        { filterType: 'LOT_SIZE', minQty: '0.01000000', maxQty: '1000.00000000', stepSize: '0.01000000' },
        {
          filterType: 'NOTIONAL',
          minNotional: '5.00000000',
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
    },
  ],
};

const filled = (overrides: object = {}) => ({
  symbol: 'USDTAZN',
  orderId: 4242,
  orderListId: -1,
  clientOrderId: 'trade-1',
  origQty: '3.00000000',
  executedQty: '3.00000000',
  cummulativeQuoteQty: '5.00000000',
  status: 'FILLED',
  type: 'MARKET',
  side: 'BUY',
  fills: [
    { price: '1.66000000', qty: '1.00000000', commission: '0', commissionAsset: 'AZN', tradeId: 1 },
    { price: '1.67000000', qty: '2.00000000', commission: '0', commissionAsset: 'AZN', tradeId: 2 },
  ],
  ...overrides,
});

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * The binance venue through ExchangeClient (the port) against a scripted Binance: each of
 * Binance's answers the adapter must tell apart (errors.md, rest-api.md "HTTP Return Codes").
 */
describe('the binance venue against a scripted Binance', () => {
  let server: ScriptedHttpServer;
  let module: TestingModule;
  let client: ExchangeClient;
  let serverClockAheadMs = 0;
  let order: Answer;
  let lookup: Answer;
  const seen: { method: string; path: string; query: URLSearchParams; apiKey: unknown }[] = [];

  function answer(res: ServerResponse, a: Answer): void {
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(JSON.stringify(a.body));
  }

  beforeAll(async () => {
    server = await ScriptedHttpServer.start((req: IncomingMessage, _body: string, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, apiKey: req.headers['x-mbx-apikey'] });
      if (url.pathname === '/api/v3/time') return json(res, 200, { serverTime: Date.now() + serverClockAheadMs });
      if (url.pathname === '/api/v3/exchangeInfo') return json(res, 200, EXCHANGE_INFO);
      if (url.pathname === '/api/v3/ticker/bookTicker') {
        return json(res, 200, { symbol: 'USDTAZN', bidPrice: '1.68000000', bidQty: '10.0', askPrice: '1.69000000', askQty: '10.0' });
      }
      if (url.pathname === '/api/v3/order') return answer(res, req.method === 'POST' ? order : lookup);
      if (url.pathname === '/api/v3/account') {
        if (req.headers['x-mbx-apikey'] !== KEY) return json(res, 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
        return json(res, 200, { accountType: 'SPOT', balances: [{ asset: 'USDT', free: '12.50000000', locked: '1.00000000' }] });
      }
      json(res, 404, { code: -1000, msg: 'no route' });
    });
    serverClockAheadMs = 10_000;
    module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: process.env.DATABASE_URL as string, poolSize: 1 }),
        MetricsModule,
        ExchangeModule.forRoot({
          baseURL: 'http://127.0.0.1:1',
          timeoutMs: 1000,
          recvWindowMs: 5000,
          venue: 'binance',
          binance: { baseURL: server.url, apiKey: KEY, apiSecret: SECRET, symbol: 'USDTAZN' },
        }),
      ],
    }).compile();
    await module.init();
    client = module.get(ExchangeClient);
  });

  beforeEach(() => {
    seen.length = 0;
    order = { status: 200, body: filled() };
    lookup = { status: 200, body: filled() };
  });

  afterAll(async () => {
    await module.close();
    await server.close();
  });

  const place = (side: 'BUY' | 'SELL' = 'BUY', madeAt = new Date()) => client.placeOrder(side, new Decimal('3.00'), 'trade-1', madeAt);

  it('prices a buy on the ask and a sale on the bid', async () => {
    expect((await client.ticker(0, 'BUY')).price.toFixed(8)).toBe('1.69000000');
    expect((await client.ticker(0, 'SELL')).price.toFixed(8)).toBe('1.68000000');
  });

  it('sends a signed MARKET order: key header, newClientOrderId, FULL, recvWindow, timestamp on the server clock', async () => {
    const madeAt = new Date();
    await place('BUY', madeAt);
    const sent = seen.find((s) => s.method === 'POST');
    expect(sent?.apiKey).toBe(KEY);
    const q = sent?.query as URLSearchParams;
    expect([...q.keys()]).toEqual([
      'symbol',
      'side',
      'type',
      'quantity',
      'newClientOrderId',
      'newOrderRespType',
      'recvWindow',
      'timestamp',
      'signature',
    ]);
    expect(Object.fromEntries([...q].filter(([k]) => !['timestamp', 'signature'].includes(k)))).toEqual({
      symbol: 'USDTAZN',
      side: 'BUY',
      type: 'MARKET',
      quantity: '3.00',
      newClientOrderId: 'trade-1',
      newOrderRespType: 'FULL',
      recvWindow: '5000',
    });
    // The server's clock is 10 s ahead of ours: the timestamp is the trade's opening on its clock.
    const shift = Number(q.get('timestamp')) - madeAt.getTime();
    expect(shift).toBeGreaterThan(9000);
    expect(shift).toBeLessThan(11000);
    const unsigned = [...q].filter(([k]) => k !== 'signature');
    expect(q.get('signature')).toBe(binanceSignature(new URLSearchParams(unsigned).toString(), SECRET));
  });

  it("reads the house's balances (the reserves) with a signed GET /api/v3/account", async () => {
    expect(await client.accountBalances()).toEqual([{ asset: 'USDT', free: '12.50000000', locked: '1.00000000' }]);
    const sent = seen.find((s) => s.path === '/api/v3/account');
    expect(sent?.apiKey).toBe(KEY);
    const q = sent?.query as URLSearchParams;
    expect([...q.keys()]).toEqual(['recvWindow', 'timestamp', 'signature']);
    expect(q.get('signature')).toBe(binanceSignature(new URLSearchParams([...q].filter(([k]) => k !== 'signature')).toString(), SECRET));
  });

  it('reads a fill: the average price cummulativeQuoteQty / executedQty, rounded up for a buy and down for a sale', async () => {
    expect(await place('BUY')).toEqual({ kind: 'filled', orderId: '4242', executedQty: new Decimal('3'), executedPrice: new Decimal('1.666667') });
    order = { status: 200, body: filled({ side: 'SELL' }) };
    expect(await place('SELL')).toMatchObject({ kind: 'filled', executedPrice: new Decimal('1.666666') });
  });

  it('fills[] that do not add up to executedQty, or cummulativeQuoteQty < 0, are an unreadable fill: unknown, never a rejection', async () => {
    order = { status: 200, body: filled({ fills: [{ price: '1.66', qty: '1.00000000' }] }) };
    expect(await place()).toMatchObject({ kind: 'unknown', answered: true });
    order = { status: 200, body: filled({ cummulativeQuoteQty: '-1.00000000', fills: [] }) };
    expect(await place()).toMatchObject({ kind: 'unknown', answered: true });
  });

  it('a FILLED answer without an orderId is unreadable: unknown, never a fill under the id "undefined"', async () => {
    const body = filled() as Record<string, unknown>;
    delete body.orderId;
    order = { status: 200, body };
    expect(await place()).toMatchObject({ kind: 'unknown', answered: true });
  });

  it('EXPIRED (or EXPIRED_IN_MATCH) with nothing executed is a rejection; EXPIRED with a part executed is a fill of that part', async () => {
    order = { status: 200, body: filled({ status: 'EXPIRED', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', fills: [] }) };
    expect((await place()).kind).toBe('rejected');
    order = { status: 200, body: filled({ status: 'EXPIRED_IN_MATCH', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', fills: [] }) };
    expect((await place()).kind).toBe('rejected');
    order = {
      status: 200,
      body: filled({
        status: 'EXPIRED',
        executedQty: '1.00000000',
        cummulativeQuoteQty: '1.66000000',
        fills: [{ price: '1.66', qty: '1.00000000' }],
      }),
    };
    // A fill of the part that executed (readOrderAnswer): the trade flow sends a fill of another size to review.
    expect(await place()).toMatchObject({ kind: 'filled', executedQty: new Decimal('1'), executedPrice: new Decimal('1.66') });
  });

  it.each<[string, 'rejected' | 'unknown', Answer]>([
    ['HTTP 500', 'unknown', { status: 500, body: { code: -1000, msg: 'An unknown error' } }],
    ['HTTP 503', 'unknown', { status: 503, body: {} }],
    [
      '-1007 TIMEOUT (even with a 4xx status)',
      'unknown',
      { status: 400, body: { code: -1007, msg: 'Timeout waiting for response from backend server.' } },
    ],
    ['HTTP 409', 'unknown', { status: 409, body: { code: -2021, msg: 'Order cancel-replace partially failed.' } }],
    [
      '-1006 UNEXPECTED_RESP (execution status unknown, with a 4xx status)',
      'unknown',
      { status: 400, body: { code: -1006, msg: 'An unexpected response was received from the message bus. Execution status unknown.' } },
    ],
    [
      '-1000 UNKNOWN with a 4xx status',
      'unknown',
      { status: 400, body: { code: -1000, msg: 'An unknown error occurred while processing the request.' } },
    ],
    [
      '-1001 DISCONNECTED with a 4xx status',
      'unknown',
      { status: 400, body: { code: -1001, msg: 'Internal error; unable to process your request.' } },
    ],
    ['-1021 outside recvWindow', 'rejected', { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } }],
    ['-2010 NEW_ORDER_REJECTED', 'rejected', { status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } }],
    ['-1013 filter failure', 'rejected', { status: 400, body: { code: -1013, msg: 'Filter failure: NOTIONAL' } }],
    ['-2015 bad key', 'rejected', { status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } }],
  ])('an order answered with %s is %s', async (_case, kind, answerWith) => {
    order = answerWith;
    expect((await place()).kind).toBe(kind);
  });

  it('a lookup: -2013 is not found, a 5xx or -1021 unknown, a 200 the order', async () => {
    lookup = { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
    expect(await client.findOrder('trade-1')).toEqual({ kind: 'not_found', reason: 'the exchange has no such order (-2013)' });
    lookup = { status: 502, body: {} };
    expect((await client.findOrder('trade-1')).kind).toBe('unknown');
    lookup = { status: 400, body: { code: -1021, msg: 'outside' } };
    expect((await client.findOrder('trade-1')).kind).toBe('unknown');
    lookup = { status: 200, body: filled({ side: 'SELL' }) };
    expect(await client.findOrder('trade-1')).toMatchObject({ kind: 'filled', executedPrice: new Decimal('1.666666') });
    const asked = seen.filter((s) => s.method === 'GET' && s.path === '/api/v3/order').map((s) => s.query.get('origClientOrderId'));
    expect(asked).toEqual(['trade-1', 'trade-1', 'trade-1', 'trade-1']);
  });

  it.each([429, 418])('after a %d it sends nothing until Retry-After has passed, then asks again', async (status) => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      order = { status, body: { code: -1003, msg: 'Too much request weight used' }, headers: { 'Retry-After': '30' } };
      expect((await place()).kind).toBe('rejected');
      const sentBefore = seen.length;
      order = { status: 200, body: filled() };
      expect(await place()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('backing off') });
      expect((await client.findOrder('trade-1')).kind).toBe('unknown');
      await expect(client.ticker(0, 'BUY')).rejects.toThrow();
      expect(seen.length).toBe(sentBefore);
      clock.mockReturnValue(now + 30_001);
      expect((await place()).kind).toBe('filled');
    } finally {
      clock.mockRestore();
    }
  });

  it("refuses before anything is sent an order the symbol's filters refuse (lot step, minQty, maxQty, minNotional)", async () => {
    await expect(client.checkOrder('BUY', new Decimal('3.00'), new Decimal('1.69'))).resolves.toBeUndefined();
    for (const [qty, price] of [
      ['2.00', '1.69'],
      ['0.001', '1000'],
      ['1000.01', '1.69'],
      ['3.005', '1.69'],
    ]) {
      await expect(client.checkOrder('BUY', new Decimal(qty), new Decimal(price))).rejects.toBeInstanceOf(OrderNotTradableError);
    }
    const error = await client.checkOrder('SELL', new Decimal('2.00'), new Decimal('1.68')).catch((e: OrderNotTradableError) => e);
    expect(error).toMatchObject({ errorCode: 'AMOUNT_NOT_TRADABLE', httpStatus: 422, retryable: false });
    expect((error as Error).message).toBe(
      "The exchange cannot execute this trade: the order's value 3.36 AZN is under the exchange's minimum 5. Nothing was written.",
    );
    // exchangeInfo was read once, at start.
    expect(seen.filter((s) => s.path === '/api/v3/exchangeInfo')).toHaveLength(0);
  });
});
