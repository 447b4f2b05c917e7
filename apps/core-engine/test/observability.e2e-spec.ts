import { randomUUID } from 'node:crypto';
import { ExchangeClient } from '../src/exchange';
import { MetricsService } from '../src/metrics';
import { Decimal } from '../src/money';
import { LogLine, startStdoutCapture } from '../../../test/support/capture-stdout';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { metricsUrl, scrape, scrapeAround } from '../../../test/support/prometheus-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Issue 8, sections 3 and 4: the JSON logs with their request ids, and GET /metrics.
describe('logs and metrics', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let capture: ReturnType<typeof startStdoutCapture>;

  /** The trade lines logged so far for one transaction. */
  const tradeLines = (transactionId: string): LogLine[] =>
    capture.read().lines.filter((l) => l.event === 'trade' && l.transactionId === transactionId);

  beforeAll(async () => {
    capture = startStdoutCapture();
    h = await CoreHarness.start({ LOG_LEVEL: 'log' });
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.7000' });
    h.bankSide.mode = 'acknowledge';
    bank = await h.createBank({ spreadBps: 100 });
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h?.stop();
    capture.stop();
  });

  it('counts a completed buy, its duration, its exchange calls and its spread revenue, as its log line says', async () => {
    expect((await h.deposit(bank, 'alice', '100.00')).status).toBe(201);
    const { result: res, delta } = await scrapeAround(h.app, () => h.buy(bank, { bankUserId: 'alice', amount: '50.00', currency: 'AZN' }));
    expect(res.status).toBe(201);

    expect(delta('trades_total', { type: 'BUY', status: 'COMPLETED', error_code: '' })).toBe(1);
    expect(delta('trade_duration_seconds_count', { type: 'BUY', status: 'COMPLETED' })).toBe(1);
    expect(delta('exchange_request_duration_seconds_count', { operation: 'order', outcome: 'filled' })).toBe(1);
    expect(delta('exchange_request_duration_seconds_count', { operation: 'ticker', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(delta('http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/trade/buy', status_code: '201' })).toBe(1);

    const [line] = tradeLines(res.body.data.transactionId);
    const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
    expect(line).toMatchObject({
      level: 'info',
      app: 'core-engine',
      event: 'trade',
      type: 'BUY',
      status: 'COMPLETED',
      bank: bank.code,
      amountIn: '50.00',
      currencyIn: 'AZN',
      amountOut: res.body.data.cryptoAmount,
      currencyOut: 'USDT',
      exchangeRate: res.body.data.exchangeRate,
      spreadRevenueAzn: tx.feeAmount?.toFixed(8),
      requestId: res.headers['x-request-id'],
    });
    expect(Number(line.spreadRevenueAzn)).toBeGreaterThan(0);
    expect(delta('spread_revenue_azn_total')).toBeCloseTo(Number(line.spreadRevenueAzn), 8);
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(line.durationMs as number).toBeLessThan(30_000);
  });

  it('a trade filled at a worse price than it was priced at (negative spread) is still 201 COMPLETED, and its loss is counted apart from revenue', async () => {
    expect((await h.deposit(bank, 'lena', '100.00')).status).toBe(201);
    // The price the trade is priced at is lower than the one the exchange fills at (1.7000):
    // the house pays more USDT than the spread covers. Within FILL_PRICE_BAND_BPS (about 303
    // bps of 500), so the fill posts rather than going to review (issue 22, 2.9).
    const ticker = jest.spyOn(h.app.get(ExchangeClient), 'ticker').mockResolvedValue({ price: new Decimal('1.6500'), timestamp: Date.now() });
    try {
      const { result: res, delta } = await scrapeAround(h.app, () => h.buy(bank, { bankUserId: 'lena', amount: '50.00', currency: 'AZN' }));
      expect(res.status).toBe(201);
      expect(res.body.data.status).toBe('COMPLETED');
      const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
      expect(tx.status).toBe('COMPLETED');
      expect(tx.feeAmount?.isNegative()).toBe(true);
      const [line] = tradeLines(tx.id);
      expect(line).toMatchObject({ event: 'trade', status: 'COMPLETED', spreadRevenueAzn: tx.feeAmount?.toFixed(8) });
      expect(delta('trades_total', { type: 'BUY', status: 'COMPLETED', error_code: '' })).toBe(1);
      expect(delta('trades_at_loss_total', { type: 'BUY' })).toBe(1);
      expect(delta('spread_loss_azn_total')).toBeCloseTo(-Number(line.spreadRevenueAzn), 8);
      expect(delta('spread_revenue_azn_total')).toBe(0);
    } finally {
      ticker.mockRestore();
    }
  });

  it('a metrics failure after the commit changes no answer', async () => {
    expect((await h.deposit(bank, 'mira', '100.00')).status).toBe(201);
    const broken = jest.spyOn(h.app.get(MetricsService), 'tradeOutcome').mockImplementation(() => {
      throw new Error('metrics broke');
    });
    try {
      const res = await h.buy(bank, { bankUserId: 'mira', amount: '10.00', currency: 'AZN' });
      expect(res.status).toBe(201);
      expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } })).status).toBe('COMPLETED');
    } finally {
      broken.mockRestore();
    }
  });

  it('counts a trade the exchange refuses as FAILED with its errorCode, and the error answer by its code', async () => {
    expect((await h.deposit(bank, 'bob', '100.00')).status).toBe(201);
    await h.exchange.setFaults({ liquidityLimit: '1' });
    const { result: res, delta } = await scrapeAround(h.app, () => h.buy(bank, { bankUserId: 'bob', amount: '50.00', currency: 'AZN' }));
    expect(res.status).toBe(503);

    expect(delta('trades_total', { type: 'BUY', status: 'FAILED', error_code: 'INSUFFICIENT_LIQUIDITY' })).toBe(1);
    expect(delta('trades_total', { type: 'BUY', status: 'COMPLETED', error_code: '' })).toBe(0);
    expect(delta('trade_duration_seconds_count', { type: 'BUY', status: 'FAILED' })).toBe(1);
    expect(delta('exchange_request_duration_seconds_count', { operation: 'order', outcome: 'rejected' })).toBe(1);
    expect(delta('api_errors_total', { error_code: 'INSUFFICIENT_LIQUIDITY' })).toBe(1);
    expect(delta('spread_revenue_azn_total')).toBe(0);

    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'BUY' } });
    expect(tradeLines(tx.id)).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        errorCode: 'INSUFFICIENT_LIQUIDITY',
        spreadRevenueAzn: null,
        amountIn: '50.00',
        requestId: res.headers['x-request-id'],
      }),
    ]);
  });

  it('counts errors thrown before any use case (a missing API key) by errorCode', async () => {
    const { result: res, delta } = await scrapeAround(h.app, () => h.http().get('/api/v1/users/alice/balances'));
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('MISSING_API_KEY');
    expect(delta('api_errors_total', { error_code: 'MISSING_API_KEY' })).toBe(1);
    expect(delta('http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/users/:bankUserId/balances', status_code: '401' })).toBe(1);
  });

  it("passes the caller's x-request-id to the bank and the exchange, echoes it, and logs it with the trade", async () => {
    const deposit = await h.deposit(bank, 'carol', '100.00').set('x-request-id', 'bank-req.deposit:1');
    expect(deposit.status).toBe(201);
    expect(deposit.headers['x-request-id']).toBe('bank-req.deposit:1');
    expect(h.bankSide.requestIds.get(deposit.body.data.transactionId)).toBe('bank-req.deposit:1');

    const requestId = `bank-req-${randomUUID()}`;
    const calls = h.exchange.calls.length;
    const buy = await h.buy(bank, { bankUserId: 'carol', amount: '20.00', currency: 'AZN' }).set('x-request-id', requestId);
    expect(buy.status).toBe(201);
    expect(buy.headers['x-request-id']).toBe(requestId);
    const made = h.exchange.calls.slice(calls);
    expect(made.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /ticker', 'POST /order']);
    expect(made.every((c) => c.requestId === requestId)).toBe(true);

    const [line] = tradeLines(buy.body.data.transactionId);
    expect(line).toMatchObject({ event: 'trade', status: 'COMPLETED', requestId });
    expect(line.durationMs).toEqual(expect.any(Number));
    // The request's own closing line carries the same id, and no header.
    const closing = capture.read().lines.filter((l) => l.requestId === requestId && l.res);
    expect(closing).toEqual([expect.objectContaining({ req: { method: 'POST', url: '/api/v1/trade/buy' }, res: { statusCode: 201 } })]);
  });

  it('gives a request without a usable x-request-id a new one', async () => {
    const none = await h.http().get('/health');
    const other = await h.http().get('/health');
    expect(none.headers['x-request-id']).toMatch(UUID);
    expect(other.headers['x-request-id']).toMatch(UUID);
    expect(other.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
    for (const bad of ['has spaces', 'x'.repeat(129), 'quote"d', '']) {
      const res = await h.http().get('/health').set('x-request-id', bad);
      expect({ bad, id: res.headers['x-request-id'] }).toEqual({ bad, id: expect.stringMatching(UUID) });
    }
  });

  it('counts what the reconciler does, and logs a reconciled trade under its pass, timed from its creation', async () => {
    expect((await h.deposit(bank, 'dave', '100.00')).status).toBe(201);
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const pending = await h.buy(bank, { bankUserId: 'dave', amount: '40.00', currency: 'AZN' });
    expect(pending.status).toBe(202);
    await h.exchange.setFaults({ hang: false });

    const { result: report, delta } = await scrapeAround(h.app, () => h.reconcile({ bankId: bank.id }));
    expect(report).toMatchObject({ examined: 1, failed: 1 });
    expect(delta('reconciler_actions_total', { action: 'failed' })).toBe(1);
    expect(delta('reconciler_actions_total', { action: 'completed' })).toBe(0);
    expect(delta('exchange_request_duration_seconds_count', { operation: 'order_lookup', outcome: 'not_found' })).toBe(1);
    expect(delta('trades_total', { type: 'BUY', status: 'FAILED', error_code: 'INSUFFICIENT_LIQUIDITY' })).toBe(1);

    const [line] = tradeLines(pending.body.data.transactionId);
    expect(line).toMatchObject({ status: 'FAILED', job: 'reconciliation', requestId: expect.stringMatching(UUID) });
    expect(line.requestId).not.toBe(pending.headers['x-request-id']);
    // The request alone waited out the exchange timeout (3 s) before answering 202.
    expect(line.durationMs as number).toBeGreaterThanOrEqual(3000);
    const lookup = h.exchange.calls.filter((c) => c.path === `/order/${pending.body.data.transactionId}`).at(-1);
    expect(lookup?.requestId).toBe(line.requestId);
  });

  it('shows the outbox backlog: an event its bank cannot take stays PENDING and is counted', async () => {
    const hooked = await h.createBank({ webhookUrl: 'http://127.0.0.1:9/hook' });
    expect((await h.deposit(hooked, 'erin', '100.00')).status).toBe(201);
    expect((await h.buy(hooked, { bankUserId: 'erin', amount: '10.00', currency: 'AZN' })).status).toBe(201);
    // Two events wait: the deposit's and the buy's.
    expect(await h.prisma.outboxEvent.count({ where: { bankId: hooked.id, status: 'PENDING' } })).toBe(2);
    // Refreshed in the background (METRICS_REFRESH_MS, 100 ms here), never by the scrape.
    let metrics = await scrape(h.app);
    for (let i = 0; i < 50 && metrics.sample('outbox_backlog', { status: 'PENDING' }) < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = await scrape(h.app);
    }
    expect(metrics.sample('outbox_backlog', { status: 'PENDING' })).toBeGreaterThanOrEqual(1);
    expect(metrics.text).toContain('# TYPE outbox_backlog gauge');
  });

  it('serves the Prometheus text format on the metrics port without an API key, with the process metrics', async () => {
    const res = await fetch(await metricsUrl(h.app));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/);
    expect(text).toContain('# TYPE trades_total counter');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});
