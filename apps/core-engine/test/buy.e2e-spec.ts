import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// Mid 1.6847 with the default 150 bps spread: 1.6847 x 1.015 = 1.70997... -> rate 1.7100,
// the contract's example rate; 100.00 AZN then buys 58.47 USDT.
const MID = '1.6847';

describe('POST /api/v1/trade/buy', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: MID });
    bank = await h.createBank();
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  async function fundedUser(amount = '100.00'): Promise<string> {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const res = await h.deposit(bank, user, amount);
    expect(res.status).toBe(201);
    return user;
  }

  it('answers the contract field by field and posts the four ledger rows', async () => {
    const user = await fundedUser('100.00');
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'success']);
    expect(res.body.success).toBe(true);
    expect(Object.keys(res.body.data).sort()).toEqual(['cryptoAmount', 'cryptoCurrency', 'exchangeRate', 'status', 'transactionId'].sort());
    const { data } = res.body;
    expect(data.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.status).toBe('COMPLETED');
    expect(data.cryptoAmount).toBe('58.47');
    expect(data.cryptoCurrency).toBe('USDT');
    expect(data.exchangeRate).toBe('1.7100');

    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '0.00000000', locked: '0.00000000' },
      USDT: { balance: '58.47000000', locked: '0.00000000' },
    });

    const tx = await h.http().get(`/api/v1/transactions/${data.transactionId}`).set('x-api-key', bank.apiKey);
    expect(tx.status).toBe(200);
    expect(tx.body.data.status).toBe('COMPLETED');
    expect(tx.body.data.type).toBe('BUY');
    // The spread revenue: 100.00 - 58.47 x 1.6847 = 100.00 - 98.504409 = 1.495591 AZN.
    expect(tx.body.data.feeAmount).toBe('1.49559100');
    expect(tx.body.data.ledger.map((r: { accountKind: string; currency: string; amount: string }) => [r.accountKind, r.currency, r.amount])).toEqual([
      ['USER', 'AZN', '-100.00000000'],
      ['OMNIBUS', 'AZN', '100.00000000'],
      ['OMNIBUS', 'USDT', '-58.47000000'],
      ['USER', 'USDT', '58.47000000'],
    ]);

    // The exchange bought exactly cryptoAmount, under the transaction id as client order id.
    const order = await h.exchange.findOrder(data.transactionId);
    expect(order).toMatchObject({ status: 'FILLED', executedQty: '58.47', side: 'BUY' });
  });

  it('prices with the bank spread and rounds the crypto amount down', async () => {
    const wideBank = await h.createBank(250);
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(wideBank, user, '50.00')).status).toBe(201);
    const res = await h.buy(wideBank, { bankUserId: user, amount: '33.33', currency: 'AZN' });
    // 1.6847 x 1.025 = 1.72681... -> 1.7269; 33.33 / 1.7269 = 19.3005... -> 19.30
    expect(res.status).toBe(201);
    expect(res.body.data.exchangeRate).toBe('1.7269');
    expect(res.body.data.cryptoAmount).toBe('19.30');
    expect(await h.accounts(wideBank, user)).toEqual({
      AZN: { balance: '16.67000000', locked: '0.00000000' },
      USDT: { balance: '19.30000000', locked: '0.00000000' },
    });
  });

  it('replays the stored answer for the same key without a second trade', async () => {
    const user = await fundedUser('200.00');
    const key = randomUUID();
    const body = { bankUserId: user, amount: '100.00', currency: 'AZN' };
    const first = await h.buy(bank, body, key);
    expect(first.status).toBe(201);
    const ordersBefore = await h.exchange.orderCount();

    const again = await h.buy(bank, body, key);
    expect(again.status).toBe(201);
    // Byte for byte the same answer, not just the same fields.
    expect(again.text).toBe(first.text);
    expect(await h.exchange.orderCount()).toBe(ordersBefore);
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, type: 'BUY' } })).toBe(1);
    expect((await h.accounts(bank, user)).AZN.balance).toBe('100.00000000');
  });

  it('a retry of a completed buy gets its stored answer even after its funds are spent', async () => {
    const user = await fundedUser('100.00');
    const key = randomUUID();
    const body = { bankUserId: user, amount: '100.00', currency: 'AZN' };
    const first = await h.buy(bank, body, key);
    expect(first.status).toBe(201);
    expect((await h.accounts(bank, user)).AZN.balance).toBe('0.00000000');
    // The same request with a new key is refused now; with its own key it is a replay.
    expect((await h.buy(bank, body)).body.errorCode).toBe('INSUFFICIENT_FUNDS');
    const again = await h.buy(bank, body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, type: 'BUY' } })).toBe(1);
  });

  it('a retry while the exchange is down still gets the stored answer (no price needed for a replay)', async () => {
    const user = await fundedUser('100.00');
    const key = randomUUID();
    const body = { bankUserId: user, amount: '10.00', currency: 'AZN' };
    const first = await h.buy(bank, body, key);
    expect(first.status).toBe(201);
    await h.exchange.setFaults({ down: true });
    expect((await h.buy(bank, body)).body).toMatchObject({ errorCode: 'INSUFFICIENT_LIQUIDITY', reason: 'EXCHANGE_UNAVAILABLE' });
    const again = await h.buy(bank, body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    // ... and a different body under that key is still refused as a reused key.
    const other = await h.buy(bank, { ...body, amount: '11.00' }, key);
    expect(other.status).toBe(422);
    expect(other.body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a retry of a quoted buy replays instead of QUOTE_ALREADY_USED', async () => {
    const user = await fundedUser('100.00');
    const quote = await h
      .http()
      .post('/api/v1/trade/quote')
      .set('x-api-key', bank.apiKey)
      .send({ bankUserId: user, side: 'BUY', amount: '50.00', currency: 'AZN' });
    expect(quote.status).toBe(201);
    const key = randomUUID();
    const body = { bankUserId: user, amount: '50.00', currency: 'AZN', quoteId: quote.body.data.quoteId };
    const first = await h.buy(bank, body, key);
    expect(first.status).toBe(201);
    expect((await h.buy(bank, body)).body.errorCode).toBe('QUOTE_ALREADY_USED');
    const again = await h.buy(bank, body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const user = await fundedUser('200.00');
    const key = randomUUID();
    expect((await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' }, key)).status).toBe(201);
    const res = await h.buy(bank, { bankUserId: user, amount: '100.01', currency: 'AZN' }, key);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      success: false,
      errorCode: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This idempotency key was already used with a different request.',
      retryable: false,
    });
    expect((await h.accounts(bank, user)).AZN.balance).toBe('100.00000000');
  });

  it('20 concurrent requests with one key make exactly one trade and one exchange order', async () => {
    const user = await fundedUser('1000.00');
    const key = randomUUID();
    const ordersBefore = await h.exchange.orderCount();
    const body = { bankUserId: user, amount: '10.00', currency: 'AZN' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.buy(bank, body, key)));

    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const completed = answers.filter((a) => a.status === 201);
    expect(completed.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(completed.map((a) => a.body.data.transactionId));
    expect(ids.size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.errorCode).toBe('IDEMPOTENCY_IN_PROGRESS');

    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, type: 'BUY' } })).toBe(1);
    expect((await h.exchange.orderCount()) - ordersBefore).toBe(1);
    expect((await h.accounts(bank, user)).AZN.balance).toBe('990.00000000');
  });

  it('keys are scoped to the bank: another bank may use the same key', async () => {
    const user = await fundedUser('100.00');
    const other = await h.createBank();
    expect((await h.deposit(other, user, '100.00')).status).toBe(201);
    const key = randomUUID();
    const a = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' }, key);
    const b = await h.buy(other, { bankUserId: user, amount: '20.00', currency: 'AZN' }, key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.data.transactionId).not.toBe(a.body.data.transactionId);
    expect((await h.accounts(other, user)).AZN.balance).toBe('80.00000000');
  });

  it('refuses a buy above the balance: INSUFFICIENT_FUNDS, nothing moves, the key stays free', async () => {
    const user = await fundedUser('50.00');
    const key = randomUUID();
    const res = await h.buy(bank, { bankUserId: user, amount: '50.01', currency: 'AZN' }, key);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ success: false, errorCode: 'INSUFFICIENT_FUNDS', message: 'User AZN balance is too low.', retryable: false });
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '50.00000000', locked: '0.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, type: 'BUY' } })).toBe(0);
  });

  it('counts funds on hold: two racing buys cannot spend the same AZN', async () => {
    const user = await fundedUser('100.00');
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.buy(bank, { bankUserId: user, amount: '60.00', currency: 'AZN' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.errorCode === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '40.00000000', locked: '0.00000000' });
  });

  it("exchange down: 503 INSUFFICIENT_LIQUIDITY (the design's class), reason EXCHANGE_UNAVAILABLE, retryable, no transaction; nothing debited, no hold left; the same key trades once it is back", async () => {
    const user = await fundedUser('100.00');
    await h.exchange.setFaults({ down: true });
    const key = randomUUID();
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' }, key);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      success: false,
      errorCode: 'INSUFFICIENT_LIQUIDITY',
      message: 'The exchange is not available; no price can be given. Retry with the same idempotency key.',
      retryable: true,
      reason: 'EXCHANGE_UNAVAILABLE',
    });
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, idempotencyKey: key } })).toBe(0);
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '100.00000000', locked: '0.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
    await h.exchange.setFaults({ down: false });
    const retry = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' }, key);
    expect(retry.status).toBe(201);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '0.00000000', locked: '0.00000000' });
  });

  it('exchange rejects the order: the transaction FAILS, the hold is released, replays repeat the failure', async () => {
    const user = await fundedUser('100.00');
    await h.exchange.setFaults({ liquidityLimit: '10' });
    const key = randomUUID();
    const body = { bankUserId: user, amount: '100.00', currency: 'AZN' };
    const res = await h.buy(bank, body, key);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      success: false,
      errorCode: 'INSUFFICIENT_LIQUIDITY',
      message: 'The exchange cannot fill this order right now.',
      retryable: false,
      transactionId: expect.any(String),
      reason: 'ORDER_REJECTED',
    });
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '100.00000000', locked: '0.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'BUY' }, include: { holds: true } });
    expect(tx.status).toBe('FAILED');
    expect(tx.errorCode).toBe('INSUFFICIENT_LIQUIDITY');
    expect(tx.holds.map((x) => x.status)).toEqual(['VOIDED']);
    // The id the trade.failed event carries, so the bank can match the two.
    expect(res.body.transactionId).toBe(tx.id);

    await h.exchange.setFaults({ liquidityLimit: null });
    const replay = await h.buy(bank, body, key);
    expect(replay.status).toBe(503);
    expect(replay.text).toBe(res.text);
  });

  it('exchange answer unknown (hangs past the timeout): 202 PENDING, the hold stays for reconciliation', async () => {
    const user = await fundedUser('100.00');
    // The ticker answers; the order and its follow-up lookup hang until the client gives up.
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
    await h.exchange.setFaults({ hang: false });
    // The whole answer on a failure (a foreign reconciler once failed this trade: the crash
    // suite now has a database of its own).
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 202, body: { data: { status: 'PENDING' } } });
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '100.00000000', locked: '40.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
    const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
    expect(tx.status).toBe('PENDING');
  });

  it('the order executed but its answer was lost: the lookup by client order id settles it', async () => {
    const user = await fundedUser('100.00');
    await h.exchange.setFaults({ loseResponses: true });
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'COMPLETED', cryptoAmount: '58.47' });
    expect((await h.exchange.findOrder(res.body.data.transactionId))?.status).toBe('FILLED');
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '0.00000000', locked: '0.00000000' },
      USDT: { balance: '58.47000000', locked: '0.00000000' },
    });
  });

  it("a bank's key on another bank's user answers 404, and moves nothing", async () => {
    const user = await fundedUser('100.00');
    const intruder = await h.createBank();
    const buy = await h.buy(intruder, { bankUserId: user, amount: '10.00', currency: 'AZN' });
    expect(buy.status).toBe(404);
    expect(buy.body.errorCode).toBe('USER_NOT_FOUND');
    const balances = await h.balances(intruder, user);
    expect(balances.status).toBe(404);
    expect((await h.accounts(bank, user)).AZN.balance).toBe('100.00000000');

    const own = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' });
    const peek = await h.http().get(`/api/v1/transactions/${own.body.data.transactionId}`).set('x-api-key', intruder.apiKey);
    expect(peek.status).toBe(404);
    expect(peek.body.errorCode).toBe('TRANSACTION_NOT_FOUND');
  });

  it("writes the bank's trade event with the trade, when the bank takes webhooks", async () => {
    const hooked = await h.createBank({ webhookUrl: 'http://127.0.0.1:9/core/webhooks' });
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(hooked, user, '200.00')).status).toBe(201);
    const done = await h.buy(hooked, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(done.status).toBe(201);
    await h.exchange.setFaults({ liquidityLimit: '1' });
    const failed = await h.buy(hooked, { bankUserId: user, amount: '50.00', currency: 'AZN' });
    expect(failed.status).toBe(503);

    const failedTx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: hooked.id, type: 'BUY', status: 'FAILED' } });
    // The deposit's own event (deposit.completed) is events.e2e-spec.ts's subject.
    const events = await h.prisma.outboxEvent.findMany({
      where: { bankId: hooked.id, type: { startsWith: 'trade.' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((e) => [e.type, e.transactionId, e.status])).toEqual([
      ['trade.completed', done.body.data.transactionId, 'PENDING'],
      ['trade.failed', failedTx.id, 'PENDING'],
    ]);
    expect(JSON.parse(events[0].payload)).toMatchObject({
      eventId: events[0].id,
      type: 'trade.completed',
      data: {
        transactionId: done.body.data.transactionId,
        type: 'BUY',
        status: 'COMPLETED',
        bankUserId: user,
        amountIn: '100.00',
        amountOut: '58.47',
        currencyOut: 'USDT',
        exchangeRate: '1.7100',
        errorCode: null,
      },
    });
    expect(JSON.parse(events[1].payload).data).toMatchObject({ status: 'FAILED', errorCode: 'INSUFFICIENT_LIQUIDITY' });
    // A bank without a webhook URL gets no events queued.
    expect(await h.prisma.outboxEvent.count({ where: { bankId: bank.id } })).toBe(0);
  });

  it('an unknown user answers 404 USER_NOT_FOUND', async () => {
    const res = await h.buy(bank, { bankUserId: 'nobody_here', amount: '10.00', currency: 'AZN' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, errorCode: 'USER_NOT_FOUND', message: 'No such user for this bank.', retryable: false });
  });

  it('refuses an unknown quote id with QUOTE_NOT_FOUND', async () => {
    const user = await fundedUser('100.00');
    const res = await h.buy(bank, { bankUserId: user, quoteId: 'optional_quote_id', amount: '100.00', currency: 'AZN' });
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('QUOTE_NOT_FOUND');
  });

  it('refuses a buy too small to get 0.01 USDT', async () => {
    const user = await fundedUser('1.00');
    const res = await h.buy(bank, { bankUserId: user, amount: '0.01', currency: 'AZN' });
    expect(res.status).toBe(422);
    expect(res.body.errorCode).toBe('AMOUNT_TOO_SMALL');
  });
});
