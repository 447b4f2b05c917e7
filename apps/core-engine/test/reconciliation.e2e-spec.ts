import { randomUUID } from 'node:crypto';
import { Reconciler } from '../src/reliability/reconciler.service';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// Crash-free cases of reconciliation; test/crash/ kills a real process at each step.
describe('reconciliation of PENDING transactions', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let reconciler: Reconciler;

  beforeAll(async () => {
    h = await CoreHarness.start();
    reconciler = h.app.get(Reconciler);
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

    const report = await reconciler.runOnce({ bankId: bank.id });
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

  it('a deposit whose acknowledgement was unknown is acknowledged and credited', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    h.bankSide.mode = 'hang';
    const res = await h.deposit(bank, user, '25.00');
    expect(res.status).toBe(502);
    h.bankSide.mode = 'acknowledge';
    await reconciler.runOnce({ bankId: bank.id });
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
    await reconciler.runOnce({ bankId: bank.id });
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
  });
});
