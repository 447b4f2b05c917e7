import { randomUUID } from 'node:crypto';
import { Reconciler } from '../src/reliability/reconciler.service';
import { LogLine, startStdoutCapture } from '../../../test/support/capture-stdout';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Issue 8, section 3: the JSON logs with their request ids.
describe('logs', () => {
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

  it('logs a completed buy as one JSON line with its amounts, rate, spread revenue and duration', async () => {
    expect((await h.deposit(bank, 'alice', '100.00')).status).toBe(201);
    const res = await h.buy(bank, { bankUserId: 'alice', amount: '50.00', currency: 'AZN' });
    expect(res.status).toBe(201);

    const [line, ...more] = tradeLines(res.body.data.transactionId);
    expect(more).toEqual([]);
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
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(line.durationMs as number).toBeLessThan(30_000);
  });

  it('logs a trade the exchange refuses as FAILED with its errorCode', async () => {
    expect((await h.deposit(bank, 'bob', '100.00')).status).toBe(201);
    await h.exchange.setFaults({ liquidityLimit: '1' });
    const res = await h.buy(bank, { bankUserId: 'bob', amount: '50.00', currency: 'AZN' });
    expect(res.status).toBe(503);

    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'BUY' } });
    expect(tradeLines(tx.id)).toEqual([
      expect.objectContaining({ status: 'FAILED', errorCode: 'INSUFFICIENT_LIQUIDITY', spreadRevenueAzn: null, amountIn: '50.00', requestId: res.headers['x-request-id'] }),
    ]);
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

  it('logs a reconciled trade under its pass, with its own request id, timed from its creation', async () => {
    expect((await h.deposit(bank, 'dave', '100.00')).status).toBe(201);
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const pending = await h.buy(bank, { bankUserId: 'dave', amount: '40.00', currency: 'AZN' });
    expect(pending.status).toBe(202);
    await h.exchange.setFaults({ hang: false });

    const report = await h.app.get(Reconciler).runOnce({ bankId: bank.id });
    expect(report).toMatchObject({ examined: 1, failed: 1 });

    const [line] = tradeLines(pending.body.data.transactionId);
    expect(line).toMatchObject({ status: 'FAILED', job: 'reconciliation', requestId: expect.stringMatching(UUID) });
    expect(line.requestId).not.toBe(pending.headers['x-request-id']);
    // The request alone waited out the exchange timeout (3 s) before answering 202.
    expect(line.durationMs as number).toBeGreaterThanOrEqual(3000);
    const lookup = h.exchange.calls.filter((c) => c.path === `/order/${pending.body.data.transactionId}`).at(-1);
    expect(lookup?.requestId).toBe(line.requestId);
  });
});
