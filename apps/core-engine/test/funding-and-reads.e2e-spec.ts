import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

describe('funding and reads', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
  });

  beforeEach(async () => {
    h.bankSide.mode = 'acknowledge';
    bank = await h.createBank();
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('a first deposit creates the user and credits its AZN against the bank settlement account', async () => {
    const res = await h.deposit(bank, 'alice', '250.50');
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({ status: 'COMPLETED', amount: '250.50', currency: 'AZN', balance: '250.50' });

    const balances = await h.balances(bank, 'alice');
    expect(balances.status).toBe(200);
    expect(balances.body).toEqual({
      success: true,
      data: {
        bankUserId: 'alice',
        balances: [
          { currency: 'AZN', balance: '250.50', lockedBalance: '0.00', available: '250.50' },
          { currency: 'USDT', balance: '0.00', lockedBalance: '0.00', available: '0.00' },
        ],
      },
    });

    const tx = await h.http().get(`/api/v1/transactions/${res.body.data.transactionId}`).set('x-api-key', bank.apiKey);
    expect(tx.status).toBe(200);
    expect(tx.body.data).toMatchObject({ type: 'DEPOSIT', status: 'COMPLETED', bankUserId: 'alice', amountIn: '250.50' });
    expect(
      tx.body.data.ledger.map((r: { accountKind: string; amount: string; balanceAfter: string }) => [r.accountKind, r.amount, r.balanceAfter]),
    ).toEqual([
      ['BANK_SETTLEMENT', '-250.50000000', '-250.50000000'],
      ['USER', '250.50000000', '250.50000000'],
    ]);
  });

  it('a second deposit adds up; balanceAfter follows', async () => {
    await h.deposit(bank, 'bob', '10.00');
    const res = await h.deposit(bank, 'bob', '0.05');
    expect(res.body.data.balance).toBe('10.05');
  });

  it('deposits are idempotent: the same key credits once and answers the same', async () => {
    const key = randomUUID();
    const a = await h.deposit(bank, 'carol', '30.00', key);
    const b = await h.deposit(bank, 'carol', '30.00', key);
    expect(b.status).toBe(a.status);
    expect(b.text).toBe(a.text);
    expect((await h.accounts(bank, 'carol')).AZN.balance).toBe('30.00000000');
    const c = await h.deposit(bank, 'carol', '31.00', key);
    expect(c.status).toBe(422);
    expect(c.body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('concurrent first deposits of one new user create it once and credit both', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.deposit(bank, 'dave', '1.25')));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect((await h.accounts(bank, 'dave')).AZN.balance).toBe('10.00000000');
    expect(await h.prisma.user.count({ where: { bankId: bank.id, bankCustomerId: 'dave' } })).toBe(1);
  });

  it('the same customer id at two banks is two users', async () => {
    const other = await h.createBank();
    await h.deposit(bank, 'erin', '5.00');
    await h.deposit(other, 'erin', '7.00');
    expect((await h.accounts(bank, 'erin')).AZN.balance).toBe('5.00000000');
    expect((await h.accounts(other, 'erin')).AZN.balance).toBe('7.00000000');
  });

  it('refuses a deposit above the per-operation limit', async () => {
    const res = await h.deposit(bank, 'frank', '100000.01');
    expect(res.status).toBe(422);
    expect(res.body.errorCode).toBe('AMOUNT_TOO_LARGE');
    expect(await h.prisma.user.count({ where: { bankId: bank.id } })).toBe(0);
  });

  it('refuses a zero deposit', async () => {
    const res = await h.deposit(bank, 'frank', '0.00');
    expect(res.status).toBe(422);
    expect(res.body.errorCode).toBe('AMOUNT_TOO_SMALL');
  });

  it('an unknown transaction id, or one that is not a UUID, answers 404', async () => {
    for (const id of [randomUUID(), 'tx_999']) {
      const res = await h.http().get(`/api/v1/transactions/${id}`).set('x-api-key', bank.apiKey);
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('TRANSACTION_NOT_FOUND');
    }
  });

  it('asks the bank to acknowledge each deposit, signed, with the transaction id as reference', async () => {
    const res = await h.deposit(bank, 'gina', '12.34');
    expect(res.status).toBe(201);
    const ack = h.bankSide.received.find((a) => a.reference === res.body.data.transactionId);
    expect(ack).toEqual({ reference: res.body.data.transactionId, operation: 'DEPOSIT', bankUserId: 'gina', amount: '12.34', currency: 'AZN' });
  });

  it('the bank refuses: 502 BANK_REFUSED, not retryable, with the FAILED transaction id; nothing credited, the answer is final for the key', async () => {
    h.bankSide.mode = 'refuse';
    const key = randomUUID();
    const res = await h.deposit(bank, 'hank', '40.00', key);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ success: false, errorCode: 'BANK_REFUSED', retryable: false });
    expect((await h.accounts(bank, 'hank')).AZN.balance).toBe('0.00000000');
    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT' } });
    expect(tx.status).toBe('FAILED');
    expect(tx.errorCode).toBe('BANK_REFUSED');
    expect(res.body.transactionId).toBe(tx.id);
    h.bankSide.mode = 'acknowledge';
    const again = await h.deposit(bank, 'hank', '40.00', key);
    expect(again.status).toBe(502);
    expect(again.text).toBe(res.text);
  });

  it('the bank is unreachable (the request never left): 502 BANK_REFUSED and nothing credited', async () => {
    const down = await h.createBank({ callbackUrl: 'http://127.0.0.1:9' });
    const res = await h.deposit(down, 'ivan', '40.00');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ errorCode: 'BANK_REFUSED', retryable: false });
    expect((await h.accounts(down, 'ivan')).AZN.balance).toBe('0.00000000');
  });

  it('the bank answers too late: 502 BANK_CONNECTION_ERROR, retryable, the deposit waits PENDING, and a retry with the same key completes it once', async () => {
    h.bankSide.mode = 'hang';
    const key = randomUUID();
    const res = await h.deposit(bank, 'jane', '25.00', key);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ success: false, errorCode: 'BANK_CONNECTION_ERROR', retryable: true });
    expect((await h.accounts(bank, 'jane')).AZN.balance).toBe('0.00000000');
    const pending = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT' } });
    expect(pending.status).toBe('PENDING');
    expect(res.body.transactionId).toBe(pending.id);

    h.bankSide.mode = 'acknowledge';
    const retry = await h.deposit(bank, 'jane', '25.00', key);
    expect(retry.status).toBe(201);
    expect(retry.body.data.transactionId).toBe(pending.id);
    const again = await h.deposit(bank, 'jane', '25.00', key);
    expect(again.text).toBe(retry.text);
    expect((await h.accounts(bank, 'jane')).AZN.balance).toBe('25.00000000');
  });

  it('a bank error (5xx) is an unknown outcome too: nothing credited until a retry is acknowledged', async () => {
    h.bankSide.mode = 'error';
    const key = randomUUID();
    expect((await h.deposit(bank, 'kate', '5.00', key)).status).toBe(502);
    h.bankSide.mode = 'acknowledge';
    const answers = await Promise.all([h.deposit(bank, 'kate', '5.00', key), h.deposit(bank, 'kate', '5.00', key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201]);
    expect((await h.accounts(bank, 'kate')).AZN.balance).toBe('5.00000000');
  });
});
