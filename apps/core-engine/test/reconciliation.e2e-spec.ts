import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// Crash-free cases of reconciliation; test/crash/ kills a real process at each step.
describe('reconciliation of PENDING transactions', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.6847' });
    h.bankSide.mode = 'acknowledge';
    bank = await h.createBank();
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('an order the exchange never received is voided: FAILED, hold released, replays answer the failure', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(bank, user, '100.00')).status).toBe(201);
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const key = randomUUID();
    const body = { bankUserId: user, amount: '40.00', currency: 'AZN' };
    const pending = await h.buy(bank, body, key);
    expect(pending.status).toBe(202);
    await h.exchange.setFaults({ hang: false });

    const report = await h.reconcile({ bankId: bank.id });
    expect(report.failed).toBeGreaterThanOrEqual(1);
    const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id: pending.body.data.transactionId } });
    expect(tx.status).toBe('FAILED');
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '100.00000000', locked: '0.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
    const replay = await h.buy(bank, body, key);
    expect(replay.status).toBe(503);
    expect(replay.body.errorCode).toBe('INSUFFICIENT_LIQUIDITY');
  });

  it('"not found" while the order may still arrive is no proof: the trade stays PENDING until its window has closed', async () => {
    const { user, id } = await h.pendingBuy(bank);

    // The settings refuse a RECONCILE_MIN_AGE_MS this low (test/settings); were the scan to hand
    // the reconciler a trade this young anyway, its 404 would still not fail it.
    const minAge = h.config.RECONCILE_MIN_AGE_MS;
    h.config.RECONCILE_MIN_AGE_MS = 0;
    try {
      expect(await h.reconcile({ bankId: bank.id }, 0)).toMatchObject({ examined: 1, stillPending: 1, failed: 0 });
    } finally {
      h.config.RECONCILE_MIN_AGE_MS = minAge;
    }
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    expect((await h.accounts(bank, user)).AZN.locked).toBe('40.00000000');

    // Past EXCHANGE_TIMEOUT_MS + EXCHANGE_RECV_WINDOW_MS the exchange would refuse the order: now it is proof.
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, failed: 1 });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('FAILED');
  });

  it('an order that reaches the exchange after its window is refused there, never filled: the trade FAILED, nothing moved', async () => {
    // A Core Engine whose orders are valid for 500 ms, with an exchange that takes 1500 ms to
    // take an order (below the 3000 ms timeout): every order arrives late.
    const late = await CoreHarness.start({ EXCHANGE_RECV_WINDOW_MS: '500', RECONCILE_MIN_AGE_MS: '3501' });
    try {
      await late.exchange.reset({ mid: '1.6847' });
      const lateBank = await late.createBank();
      const user = `user_${randomUUID().slice(0, 8)}`;
      expect((await late.deposit(lateBank, user, '100.00')).status).toBe(201);
      await late.exchange.setFaults({ latencyMs: 1500, scope: 'orders' });
      const res = await late.buy(lateBank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
      expect(res.status).toBe(503);
      expect(res.body.errorCode).toBe('INSUFFICIENT_LIQUIDITY');
      expect(await late.exchange.orderCount()).toBe(0);
      const tx = await late.prisma.transaction.findFirstOrThrow({ where: { bankId: lateBank.id, type: 'BUY' } });
      expect(tx.status).toBe('FAILED');
      expect(await late.exchange.findOrder(tx.id)).toBeNull();
      expect((await late.accounts(lateBank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    } finally {
      await late.stop();
    }
  });

  it('a transaction another replica has leased is left alone until its lease ends; a pass gives its own lease back', async () => {
    const { user, id } = await h.pendingBuy(bank);

    // Another replica works it (its lease ends after this pass's clock): this one does not touch it.
    const theirs = new Date(Date.now() + 3_600_000);
    await h.prisma.transaction.update({ where: { id }, data: { reconcileLeaseUntil: theirs } });
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });
    expect(await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'PENDING', reconcileLeaseUntil: theirs });

    // That replica died: once its lease has ended, the row is taken over and settled.
    await h.prisma.transaction.update({ where: { id }, data: { reconcileLeaseUntil: new Date(Date.now() - 1) } });
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, failed: 1 });

    // A row a pass leaves PENDING is given back for the next pass.
    h.bankSide.mode = 'hang';
    expect((await h.deposit(bank, user, '5.00')).status).toBe(502);
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1 });
    const deposit = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT', status: 'PENDING' } });
    expect(deposit.reconcileLeaseUntil).toBeNull();
    h.bankSide.mode = 'acknowledge';
    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, completed: 1 });
  });

  it('a deposit whose acknowledgement was unknown is acknowledged and credited', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    h.bankSide.mode = 'hang';
    const res = await h.deposit(bank, user, '25.00');
    expect(res.status).toBe(502);
    h.bankSide.mode = 'acknowledge';
    await h.reconcile({ bankId: bank.id });
    expect((await h.accounts(bank, user)).AZN.balance).toBe('25.00000000');
    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT' } });
    expect(tx.status).toBe('COMPLETED');
  });

  it('a withdrawal the bank refuses on reconciliation releases its hold', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(bank, user, '50.00')).status).toBe(201);
    h.bankSide.mode = 'hang';
    const res = await h
      .http()
      .post('/api/v1/funding/withdraw')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .send({ bankUserId: user, amount: '20.00', currency: 'AZN' });
    expect(res.status).toBe(502);
    expect((await h.accounts(bank, user)).AZN.locked).toBe('20.00000000');
    h.bankSide.mode = 'refuse';
    await h.reconcile({ bankId: bank.id });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
  });
});
