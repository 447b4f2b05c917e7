import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { OrderResponse } from '@app/shared-types';
import { InvalidResolutionError, TradeNotUnderReviewError } from '../src/errors';
import { ExchangeClient } from '../src/exchange';
import { ResolveTradeUseCase } from '../src/trade/review/resolve-trade.use-case';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { checkExchangeFills } from '../../../scripts/ledger/exchange-fills';
import { RecordedTrade, SETTLED_TRADES_SQL } from '../src/ledger/ledger-invariants';
import { scrape } from '../../../test/support/prometheus-text';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

/**
 * Issue 13, 3.3: a trade reconciliation cannot settle alone (a fill of another size, an
 * answer it cannot read, a posting that keeps failing) stays PENDING with its hold, is marked
 * for review once (log, metric), is skipped by later passes, and is resolved by an operator:
 * posted with the exchange's numbers or voided, with who and why recorded.
 */
describe('stuck trades: marked for review, skipped, resolved by an operator', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let resolver: ResolveTradeUseCase;

  beforeAll(async () => {
    h = await CoreHarness.start({ RECONCILE_MAX_ATTEMPTS: '3' });
    resolver = h.app.get(ResolveTradeUseCase);
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.7000' });
    bank = await h.createBank();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  const pendingBuy = () => h.pendingBuy(bank);

  async function placeAtExchange(clientOrderId: string, quantity: string): Promise<OrderResponse> {
    const res = await fetch(`${h.exchange.url}/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AZNUSDT', side: 'BUY', quantity, type: 'MARKET', clientOrderId }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as OrderResponse;
  }

  it('a fill of another size: marked at once, skipped after, posted by an operator with the exchange numbers', async () => {
    const { user, key, body, id } = await pendingBuy();
    const trade = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    // The exchange holds the trade's order, filled for another quantity than the trade's 23.52 USDT.
    const fill = await placeAtExchange(id, '20.00');
    const before = await scrape(h.app);

    const first = await h.reconcile({ bankId: bank.id });
    expect(first).toMatchObject({ examined: 1, stillPending: 1 });
    const marked = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(marked.status).toBe('PENDING');
    expect(marked.reviewReason).toBe(`the exchange filled 20 of ${trade.amountOut.toFixed(2)} USDT (order ${fill.orderId})`);
    expect(marked.reviewSince).toBeInstanceOf(Date);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '40.00000000' });
    const after = await scrape(h.app);
    const marks = (s: typeof after) => s.sample('trades_marked_for_review_total', { cause: 'quantity_mismatch' });
    expect(marks(after) - marks(before)).toBe(1);

    // Skipped: it can no longer hold a place in the scan, and it is marked only once.
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });
    expect(marks(await scrape(h.app)) - marks(before)).toBe(1);

    const answer = await resolver.post({
      transactionId: id,
      operator: 'alice@house.example',
      note: 'partial fill confirmed with the exchange desk',
      exchangeOrderId: fill.orderId,
      executedPrice: fill.executedPrice,
      executedQty: fill.executedQty,
    });
    expect(answer.httpStatus).toBe(201);
    const settled = await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } });
    expect(settled.status).toBe('COMPLETED');
    expect(settled.exchangeOrderId).toBe(fill.orderId);
    expect(settled.resolution).toMatchObject({
      action: 'POSTED',
      operator: 'alice@house.example',
      reviewReason: marked.reviewReason,
      exchangeOrderId: fill.orderId,
    });
    expect(settled.resolution?.executedQty?.toFixed(2)).toBe('20.00');
    // The customer gets what the trade agreed.
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '60.00000000', locked: '0.00000000' },
      USDT: { balance: trade.amountOut.toFixed(8), locked: '0.00000000' },
    });
    const replay = await h.buy(bank, body, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(answer.body);
    // ledger:verify --exchange-url compares the order with the quantity the operator posted.
    const recorded = (await h.prisma.$queryRawUnsafe<RecordedTrade[]>(SETTLED_TRADES_SQL)).filter((t) => t.id === id);
    expect(recorded).toEqual([expect.objectContaining({ status: 'COMPLETED', resolvedQty: '20.00000000' })]);
    expect((await checkExchangeFills(recorded, h.exchange.url, 5)).map((c) => c.count)).toEqual([0, 0]);

    await expect(resolver.void({ transactionId: id, operator: 'bob', note: 'again' })).rejects.toThrow(TradeNotUnderReviewError);
  });

  it('answers it cannot use: marked after RECONCILE_MAX_ATTEMPTS passes (an unreachable exchange counts for none), then voided', async () => {
    const { user, key, body, id } = await pendingBuy();

    // The exchange down: the trade's problem is not the trade's, no attempt is counted.
    await h.exchange.setFaults({ down: true });
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1 });
    await h.exchange.setFaults({ down: false });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).reconcileAttempts).toBe(0);

    // The exchange answers, with nothing that can be posted.
    jest
      .spyOn(h.app.get(ExchangeClient), 'findOrder')
      .mockResolvedValue({ kind: 'unknown', reason: 'unreadable fill {"status":"FILLED"}', answered: true });
    for (let pass = 1; pass <= 2; pass++) {
      await h.reconcile({ bankId: bank.id });
      expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ reconcileAttempts: pass, reviewReason: null });
    }
    await h.reconcile({ bankId: bank.id });
    const marked = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(marked).toMatchObject({ status: 'PENDING', reconcileAttempts: 3 });
    expect(marked.reviewReason).toBe('not settled after 3 reconciliation passes: unreadable fill {"status":"FILLED"}');
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });

    await expect(resolver.void({ transactionId: id, operator: 'bob', note: ' ' })).rejects.toThrow(InvalidResolutionError);
    await expect(
      resolver.post({ transactionId: id, operator: 'bob', note: 'n', exchangeOrderId: 'ex_1', executedPrice: '1.7', executedQty: '1e3' }),
    ).rejects.toThrow(InvalidResolutionError);

    // The void asks the exchange (issue 22, 2.11): it has no such order, and the order's window has long closed.
    jest.restoreAllMocks();
    await h.prisma.transaction.update({ where: { id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const answer = await resolver.void({ transactionId: id, operator: 'bob@house.example', note: 'the exchange has no fill for it' });
    expect(answer).toEqual({
      httpStatus: 422,
      body: {
        success: false,
        errorCode: 'TRADE_VOIDED',
        message: 'The trade could not be settled and was voided after review; nothing moved.',
        retryable: false,
        transactionId: id,
      },
    });
    const voided = await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true, holds: true } });
    expect(voided.status).toBe('FAILED');
    expect(voided.errorCode).toBe('TRADE_VOIDED');
    expect(voided.holds.map((hold) => hold.status)).toEqual(['VOIDED']);
    expect(voided.resolution).toMatchObject({
      action: 'VOIDED',
      operator: 'bob@house.example',
      note: 'the exchange has no fill for it',
      executedQty: null,
    });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    const replay = await h.buy(bank, body, key);
    expect(replay.status).toBe(422);
    expect(replay.body.errorCode).toBe('TRADE_VOIDED');

    // The resolution is a record: the database refuses to edit it.
    await expect(h.prisma.tradeResolution.update({ where: { transactionId: id }, data: { operator: 'someone else' } })).rejects.toThrow();
    expect((await h.prisma.tradeResolution.findUniqueOrThrow({ where: { transactionId: id } })).operator).toBe('bob@house.example');
  });

  it('the operator command: `npm run admin -- trades:review` lists it, `trades:void` resolves it (audited, logs on stderr), bad usage is refused', async () => {
    const { user, id } = await pendingBuy();
    await placeAtExchange(id, '1.00');
    await h.reconcile({ bankId: bank.id });
    // Logging on (LOG_LEVEL log): stdout must still be the command's JSON alone, the log lines on stderr.
    // The exchange's URL too: a resolution asks the exchange about the order (issue 22, 2.10, 2.11).
    const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL, EXCHANGE_URL: h.exchange.url, LOG_LEVEL: 'log' };
    const admin = (...args: string[]) =>
      run(process.execPath, ['-r', './scripts/cli/register-ts.js', 'apps/core-engine/src/admin/cli/main.ts', ...args], { cwd: ROOT, env });

    const listed = JSON.parse((await admin('trades:review')).stdout) as { transactionId: string; reviewReason: string; bankCode: string }[];
    expect(listed.find((t) => t.transactionId === id)).toMatchObject({ bankCode: bank.code, reviewReason: expect.stringContaining('filled 1 of') });

    await expect(admin('trades:post', id, '--exchange-order-id', 'ex_1')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^VALIDATION_ERROR: [^]*note must be a string/m),
    });
    // The exchange filled 1.00 USDT of it: a void is refused (issue 22, 2.11) unless forced, with a reason.
    await expect(admin('trades:void', id, '--note', 'booked the 1 USDT to the house')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^ORDER_EXECUTED: Trade [^]*the exchange executed 1 USDT/m),
    });
    await expect(admin('trades:void', id, '--note', 'booked the 1 USDT to the house', '--force')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^INVALID_RESOLUTION: reason is required with force/m),
    });
    const voided = await admin('trades:void', id, '--note', 'booked the 1 USDT to the house', '--force', '--reason', 'the desk keeps the 1 USDT');
    expect(JSON.parse(voided.stdout)).toMatchObject({
      transactionId: id,
      action: 'VOIDED',
      status: 'FAILED',
      answer: { body: { errorCode: 'TRADE_VOIDED' } },
    });
    expect(voided.stderr).toContain('"event":"trade.resolved"');
    const actor = `cli:${userInfo().username}`;
    expect(await h.prisma.tradeResolution.findUniqueOrThrow({ where: { transactionId: id } })).toMatchObject({ action: 'VOIDED', operator: actor });
    expect(await h.prisma.adminAudit.findMany({ where: { targetType: 'trade', targetId: id } })).toEqual([
      expect.objectContaining({
        actor,
        action: 'trade.void',
        after: {
          status: 'FAILED',
          note: 'booked the 1 USDT to the house',
          forced: { reason: 'the desk keeps the 1 USDT', exchange: expect.stringMatching(/^the exchange executed 1 USDT at 1\.7 \(order ex_/) },
        },
      }),
    ]);
    expect((await h.accounts(bank, user)).AZN.locked).toBe('0.00000000');
  }, 120_000);
});
