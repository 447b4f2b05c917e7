import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { OrderResponse } from '@app/shared-types';
import { FundingAcknowledgedError, FundingNotUnderReviewError, InvalidResolutionError } from '../src/errors';
import { ExchangeClient } from '../src/exchange';
import { FundingReview } from '../src/funding/review/funding-review.service';
import { ResolveFundingUseCase } from '../src/funding/review/resolve-funding.use-case';
import { WithdrawUseCase } from '../src/funding/withdraw.use-case';
import { bankContext } from '../src/trade/shared/pending-trade';
import { WalletService } from '../src/wallet';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { json, ScriptedHttpServer } from '../../../test/support/scripted-http-server';
import { scrape } from '../../../test/support/prometheus-text';

/**
 * Issue 22, 2.1 and 2.3: a deposit or withdrawal whose bank outcome is unknown is never failed on
 * a guess (a cleared callback URL on a retry is no refusal); reconciliation counts the passes it
 * cannot settle and marks it for review like a trade, an operator resolves it; and one bank's
 * hung endpoint does not hold up another bank's reconciliation.
 */
describe('stuck deposits and withdrawals: never failed on a guess, marked for review, resolved by an operator', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start({ RECONCILE_MAX_ATTEMPTS: '3' });
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.7000' });
    h.bankSide.mode = 'acknowledge';
    bank = await h.createBank();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  const newUser = () => `user_${randomUUID().slice(0, 8)}`;

  function withdraw(bankUserId: string, amount: string, key: string = randomUUID()) {
    return h
      .http()
      .post('/api/v1/funding/withdraw')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', key)
      .send({ bankUserId, amount, currency: 'AZN' });
  }

  /** A withdrawal of 20.00 (of 50.00 deposited) whose acknowledgement timed out: the bank may have paid. */
  async function timedOutWithdrawal(): Promise<{ user: string; id: string; key: string }> {
    const user = newUser();
    expect((await h.deposit(bank, user, '50.00')).status).toBe(201);
    h.bankSide.mode = 'hang';
    const key = randomUUID();
    const res = await withdraw(user, '20.00', key);
    expect(res.status).toBe(502);
    expect(res.body.errorCode).toBe('BANK_CONNECTION_ERROR');
    return { user, id: res.body.transactionId as string, key };
  }

  it('a withdrawal whose acknowledgement timed out, then its bank callback URL cleared: it stays PENDING with its hold, paid once', async () => {
    const { user, id, key } = await timedOutWithdrawal();
    // The operator clears the bank's callback URL (docs/operations.md allows it: bank:update --callback-url none).
    await h.prisma.bank.update({ where: { id: bank.id }, data: { callbackUrl: null } });
    const asked = h.bankSide.received.length;

    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1, failed: 0 });
    expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { holds: true } })).toMatchObject({
      status: 'PENDING',
      errorCode: 'BANK_CONNECTION_ERROR',
      reconcileAttempts: 0,
      reviewReason: null,
      holds: [expect.objectContaining({ status: 'PENDING' })],
    });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });
    // The bank's retry with the same key gets the same unknown answer, not a refusal.
    const retry = await withdraw(user, '20.00', key);
    expect(retry.status).toBe(502);
    expect(retry.body.errorCode).toBe('BANK_CONNECTION_ERROR');
    expect(h.bankSide.received.length).toBe(asked);

    // The URL back: the bank says it paid, and the withdrawal is debited once.
    await h.prisma.bank.update({ where: { id: bank.id }, data: { callbackUrl: h.bankSide.url } });
    h.bankSide.mode = 'acknowledge';
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, completed: 1 });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '30.00000000', locked: '0.00000000' });
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(2);
  });

  it('no callback URL on the first attempt is still a refusal: nothing was ever sent, FAILED, nothing held', async () => {
    const user = newUser();
    expect((await h.deposit(bank, user, '50.00')).status).toBe(201);
    await h.prisma.bank.update({ where: { id: bank.id }, data: { callbackUrl: null } });
    const res = await withdraw(user, '20.00');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errorCode: 'BANK_REFUSED', retryable: false });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.transactionId } })).status).toBe('FAILED');
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
  });

  it('a refusal arriving after another path completed the withdrawal answers the stored completion, not BANK_REFUSED', async () => {
    const { user, id } = await timedOutWithdrawal();
    h.bankSide.mode = 'acknowledge';
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ completed: 1 });
    const stored = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });

    // A slower path (a retry that was already under way) now hears a refusal from the bank.
    h.bankSide.mode = 'refuse';
    const row = await h.prisma.bank.findUniqueOrThrow({ where: { id: bank.id } });
    const wallet = await h.app.get(WalletService).findUser(bank.id, user);
    if (!wallet) throw new Error('no wallet');
    const answer = await h.app
      .get(WithdrawUseCase)
      .confirmAndDebit(bankContext(row), id, wallet, { bankUserId: user, amount: '20.00', currency: 'AZN' });
    expect(answer.httpStatus).toBe(201);
    expect(JSON.stringify(answer.body)).toBe(stored.responseBody);
    expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'COMPLETED', errorCode: null });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '30.00000000', locked: '0.00000000' });
  });

  it('answers the bank gives that cannot be used: marked after RECONCILE_MAX_ATTEMPTS passes (no answer counts for none), skipped, then voided', async () => {
    const { user, id, key } = await timedOutWithdrawal();
    const resolver = h.app.get(ResolveFundingUseCase);
    await expect(resolver.void({ transactionId: id, operator: 'bob', note: 'n' })).rejects.toThrow(FundingNotUnderReviewError);

    // Still hanging: no answer, counted against nothing.
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1 });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).reconcileAttempts).toBe(0);

    // The bank answers HTTP 500 to every retry: each pass is one attempt; the third marks it.
    h.bankSide.mode = 'error';
    const before = await scrape(h.app);
    for (let pass = 1; pass <= 2; pass++) {
      await h.reconcile({ bankId: bank.id });
      expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ reconcileAttempts: pass, reviewReason: null });
    }
    await h.reconcile({ bankId: bank.id });
    const marked = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(marked).toMatchObject({ status: 'PENDING', reconcileAttempts: 3, reviewReason: 'not settled after 3 reconciliation passes: HTTP 500' });
    const after = await scrape(h.app);
    const marks = (s: typeof after) => s.sample('trades_marked_for_review_total', { cause: 'attempts_exhausted' });
    expect(marks(after) - marks(before)).toBe(1);
    // Skipped by later passes; the customer's AZN stays held.
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });

    await expect(resolver.void({ transactionId: id, operator: 'bob', note: ' ' })).rejects.toThrow(InvalidResolutionError);
    const answer = await resolver.void({ transactionId: id, operator: 'bob@house.example', note: 'the bank says it never paid' });
    expect(answer).toEqual({
      httpStatus: 422,
      body: {
        success: false,
        errorCode: 'FUNDING_VOIDED',
        message: 'The movement could not be settled with the bank and was voided by an operator after review; nothing moved.',
        retryable: false,
        transactionId: id,
      },
    });
    const voided = await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true, holds: true } });
    expect(voided).toMatchObject({ status: 'FAILED', errorCode: 'FUNDING_VOIDED' });
    expect(voided.holds.map((hold) => hold.status)).toEqual(['VOIDED']);
    expect(voided.resolution).toMatchObject({ action: 'VOIDED', operator: 'bob@house.example', reviewReason: marked.reviewReason });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
    // The bank's retry of the key gets the operator's answer; a second resolution is refused.
    const replay = await withdraw(user, '20.00', key);
    expect(replay.status).toBe(422);
    expect(replay.body).toEqual(answer.body);
    await expect(resolver.post({ transactionId: id, operator: 'bob', note: 'again' })).rejects.toThrow(FundingNotUnderReviewError);
  });

  it('no answer at all for longer than RECONCILE_UNREACHABLE_REVIEW_AFTER_MS: marked for review, then posted by an operator', async () => {
    const user = newUser();
    h.bankSide.mode = 'hang';
    const res = await h.deposit(bank, user, '25.00');
    expect(res.status).toBe(502);
    const id = res.body.transactionId as string;
    const day = h.config.RECONCILE_UNREACHABLE_REVIEW_AFTER_MS;
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1 });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).reviewReason).toBeNull();

    // A pass a day later, the bank still silent: marked, its reason says so.
    expect(await h.reconcile({ bankId: bank.id }, day + 60_000)).toMatchObject({ examined: 1, stillPending: 1 });
    const marked = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(marked).toMatchObject({ status: 'PENDING', reconcileAttempts: 0 });
    expect(marked.reviewReason).toMatch(/^no answer from the bank for \d+ s: /);

    // The bank tells the operator it moved the money: posted as its acknowledgement would have been.
    const answer = await h.app.get(ResolveFundingUseCase).post({ transactionId: id, operator: 'bob', note: 'the bank confirmed the transfer' });
    expect(answer).toEqual({
      httpStatus: 201,
      body: { success: true, data: { transactionId: id, status: 'COMPLETED', amount: '25.00', currency: 'AZN', balance: '25.00' } },
    });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '25.00000000', locked: '0.00000000' });
    expect(await h.prisma.tradeResolution.findUniqueOrThrow({ where: { transactionId: id } })).toMatchObject({ action: 'POSTED', operator: 'bob' });
  });

  it('refuses what is not a deposit or withdrawal under review: a trade, an unknown or malformed id, one not marked', async () => {
    const resolver = h.app.get(ResolveFundingUseCase);
    const trade = await h.pendingBuy(bank);
    await h.prisma.transaction.update({ where: { id: trade.id }, data: { reviewReason: 'marked', reviewSince: new Date() } });
    await expect(resolver.post({ transactionId: trade.id, operator: 'bob', note: 'n' })).rejects.toThrow(/it is a BUY/);
    await expect(resolver.post({ transactionId: randomUUID(), operator: 'bob', note: 'n' })).rejects.toThrow(FundingNotUnderReviewError);
    await expect(resolver.post({ transactionId: 'nope', operator: 'bob', note: 'n' })).rejects.toThrow(FundingNotUnderReviewError);
    const { id } = await timedOutWithdrawal();
    await expect(resolver.post({ transactionId: id, operator: 'bob', note: 'n' })).rejects.toThrow(/not marked for review/);
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: trade.id } })).status).toBe('PENDING');
  });

  it('a withdrawal the bank acknowledged whose booking failed: a later refusal is not believed, a void is refused, only a post settles it', async () => {
    const user = newUser();
    expect((await h.deposit(bank, user, '50.00')).status).toBe(201);
    // The bank pays (acknowledges) and the booking's transaction fails: 202 PENDING (issue 22, 2.6).
    jest.spyOn(h.app.get(WalletService), 'settlementFor').mockRejectedValueOnce(new Error('database refused the booking'));
    const key = randomUUID();
    const res = await withdraw(user, '20.00', key);
    expect(res.status).toBe(202);
    const id = res.body.data.transactionId as string;
    const pending = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(pending).toMatchObject({ status: 'PENDING', responseStatus: 202 });
    expect(pending.bankAcknowledgedAt).toBeInstanceOf(Date);

    // The bank now answers "refused" to every retry: not believed (it paid); each pass counts,
    // the third marks the withdrawal for review; the hold stays all along.
    h.bankSide.mode = 'refuse';
    for (let pass = 1; pass <= 3; pass++) {
      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, failed: 0 });
      expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'PENDING', reconcileAttempts: pass });
    }
    const marked = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(marked.reviewReason).toMatch(/refused .* a movement it had acknowledged/);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });

    const resolver = h.app.get(ResolveFundingUseCase);
    await expect(resolver.void({ transactionId: id, operator: 'bob', note: 'the bank says it never paid' })).rejects.toThrow(
      FundingAcknowledgedError,
    );
    expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { holds: true } })).toMatchObject({
      status: 'PENDING',
      holds: [expect.objectContaining({ status: 'PENDING' })],
    });
    expect(await h.prisma.tradeResolution.count({ where: { transactionId: id } })).toBe(0);

    const posted = await resolver.post({ transactionId: id, operator: 'bob', note: 'the bank confirmed it paid' });
    expect(posted.httpStatus).toBe(201);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '30.00000000', locked: '0.00000000' });
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(2);
  });

  it("a backlog of the bank's unanswered deposits does not hide its trades from the scan", async () => {
    const { id: buy } = await h.pendingBuy(bank);
    // The bank's endpoint stops answering (nothing listens there), with more deposits waiting,
    // all older than the buy, than one pass reads of a bank.
    const template = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT', status: 'COMPLETED' } });
    const hourAgo = new Date(Date.now() - 3_600_000);
    await h.prisma.transaction.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        bankId: bank.id,
        idempotencyKey: `backlog-${i}-${randomUUID()}`,
        requestHash: template.requestHash,
        userId: template.userId,
        type: 'DEPOSIT' as const,
        currencyIn: 'AZN' as const,
        currencyOut: 'AZN' as const,
        amountIn: '1.00',
        amountOut: '1.00',
        errorCode: 'BANK_CONNECTION_ERROR',
        createdAt: new Date(hourAgo.getTime() + i),
      })),
    });
    await h.prisma.bank.update({ where: { id: bank.id }, data: { callbackUrl: 'http://127.0.0.1:9/unreachable' } });

    const lookups = jest.spyOn(h.app.get(ExchangeClient), 'findOrder');
    const report = await h.reconcile({ bankId: bank.id });
    // One deposit asked (no answer), the rest of the bank's movements deferred, and the buy examined: its order looked up.
    expect(report).toMatchObject({ examined: 2, deferred: 99 });
    expect(lookups).toHaveBeenCalledWith(buy);
    await h.prisma.transaction.updateMany({ where: { bankId: bank.id, idempotencyKey: { startsWith: 'backlog-' } }, data: { status: 'FAILED' } });
  });

  it("a movement under review is the operator's: the bank's retry of its key does not ask the bank again", async () => {
    const { user, id, key } = await timedOutWithdrawal();
    await h.app.get(FundingReview).mark(id, 'no answer from the bank', 'bank_unreachable');
    h.bankSide.mode = 'acknowledge';
    const asked = h.bankSide.received.length;
    const retry = await withdraw(user, '20.00', key);
    expect(retry.status).toBe(409);
    expect(retry.body.errorCode).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(h.bankSide.received.length).toBe(asked);
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');

    // The operator settles it: the bank confirmed it never paid.
    const voided = await h.app.get(ResolveFundingUseCase).void({ transactionId: id, operator: 'bob', note: 'the bank never paid' });
    expect(voided.httpStatus).toBe(422);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
    expect(h.bankSide.received.length).toBe(asked);
  });
});

describe('a fair reconciliation scan: one bank hung does not hold up another', () => {
  let h: CoreHarness;
  let hungSide: ScriptedHttpServer;
  /** The hung bank's acknowledgement requests, unanswered until the test releases them. */
  const held: { reference: string; res: ServerResponse }[] = [];
  /** error: HTTP 500 (an unknown outcome: the movement stays PENDING); hang: no answer until released; acknowledge. */
  let mode: 'error' | 'hang' | 'acknowledge' = 'error';

  beforeAll(async () => {
    // A bank timeout far longer than the test: only the test's release ends the hang.
    h = await CoreHarness.start({ BANK_ACK_TIMEOUT_MS: '60000', RECONCILE_CONCURRENCY: '2' });
    hungSide = await ScriptedHttpServer.start((_req, body, res) => {
      const { reference } = JSON.parse(body) as { reference: string };
      if (mode === 'acknowledge') return json(res, 200, { reference, acknowledged: true });
      if (mode === 'error') return json(res, 500, { error: 'bank failure' });
      held.push({ reference, res });
    });
  });

  afterAll(async () => {
    await hungSide.close();
    await h.stop();
  });

  it("the other bank's trade is completed while the hung bank's acknowledgements are still unanswered", async () => {
    await h.exchange.reset({ mid: '1.7000' });
    const secret = `secret-${randomUUID()}`;
    const hung = await h.createBank({ callbackUrl: hungSide.url, webhookSecret: secret });
    const other = await h.createBank();

    // The hung bank's movements, older than the other bank's trade: five PENDING deposits.
    const deposits: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.deposit(hung, `user_${randomUUID().slice(0, 8)}`, '10.00');
      expect(res.status).toBe(502);
      deposits.push(res.body.transactionId as string);
    }
    const trade = await h.pendingBuy(other);
    const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id: trade.id } });
    // The exchange filled the trade's order; the engine never heard.
    const placed = await fetch(`${h.exchange.url}/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AZNUSDT', side: 'BUY', quantity: row.amountOut.toFixed(2), type: 'MARKET', clientOrderId: trade.id }),
    });
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as OrderResponse).status).toBe('FILLED');

    mode = 'hang';
    const pass = h.reconcile({ bankIds: [hung.id, other.id] });
    let status = 'PENDING';
    for (let i = 0; i < 400 && status === 'PENDING'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await h.prisma.transaction.findUniqueOrThrow({ where: { id: trade.id } })).status;
    }
    // Settled while the hung bank still holds the pass's first request; none of its movements moved.
    expect(status).toBe('COMPLETED');
    expect(held.map((r) => r.reference)).toEqual([deposits[0]]);
    expect(await h.prisma.transaction.count({ where: { id: { in: deposits }, status: 'PENDING' } })).toBe(5);

    // The bank answers at last: its movements are settled in order, in the same pass.
    mode = 'acknowledge';
    for (const { reference, res } of held) json(res, 200, { reference, acknowledged: true });
    expect(await pass).toMatchObject({ examined: 6, completed: 6 });
    expect(await h.prisma.transaction.count({ where: { id: { in: deposits }, status: 'COMPLETED' } })).toBe(5);
    await expectLedgerInvariants();
  });
});
