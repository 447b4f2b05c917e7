import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type request from 'supertest';
import { CoreHarness, TestBank } from '../support/core-harness';
import { expectLedgerInvariants } from '../support/ledger-invariants';

/**
 * Faults of the world around the Core Engine: each gives a clear error or a retried
 * success, never a partial write, and whatever is left PENDING is settled by reconciliation.
 * (Exchange down, hanging and rejecting, and the bank down for acknowledgements, have their
 * own cases in apps/core-engine/test; webhooks in apps/mock-bank/test.)
 */
describe('faults', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
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

  const user = () => `user_${randomUUID().slice(0, 8)}`;

  it('a slow exchange (below the timeout) only slows trades down', async () => {
    const u = user();
    expect((await h.deposit(bank, u, '100.00')).status).toBe(201);
    await h.exchange.setFaults({ latencyMs: 300 });
    const started = Date.now();
    const res = await h.buy(bank, { bankUserId: u, amount: '10.00', currency: 'AZN' });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600); // ticker + order, 300 ms each
  });

  it('an exchange failing 30% of calls: every buy ends COMPLETED or FAILED with clear answers, nothing half-done', async () => {
    const u = user();
    expect((await h.deposit(bank, u, '500.00')).status).toBe(201);
    await h.exchange.setFaults({ errorRate: 0.3 });
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await h.buy(bank, { bankUserId: u, amount: '10.00', currency: 'AZN' }));
    await h.exchange.setFaults({ errorRate: 0 });
    for (const a of answers) {
      expect([201, 202, 503]).toContain(a.status);
      // A failed ticker: nothing written (retryable); a refused order: FAILED (final).
      if (a.status === 503) expect(a.body.errorCode).toBe('INSUFFICIENT_LIQUIDITY');
    }
    expect(answers.some((a) => a.status === 201)).toBe(true);
    expect(answers.some((a) => a.status !== 201)).toBe(true);
    await h.reconcile({ bankId: bank.id });
    const txs = await h.prisma.transaction.findMany({ where: { bankId: bank.id, type: 'BUY' } });
    expect(txs.every((t) => t.status === 'COMPLETED' || t.status === 'FAILED')).toBe(true);
    expect((await h.accounts(bank, u)).AZN.locked).toBe('0.00000000');
  });

  it('the database connection cut in the middle of the posting transaction: no partial write, 202 PENDING, then reconciled', async () => {
    const u = user();
    expect((await h.deposit(bank, u, '100.00')).status).toBe(201);
    const usdt = await h.prisma.account.findFirstOrThrow({ where: { user: { bankId: bank.id, bankCustomerId: u }, currency: 'USDT' } });
    // Another connection holds the user's USDT row, so the posting transaction stops in the
    // middle: the Transaction COMPLETED, the hold POSTED and the AZN row debited inside it,
    // and it waits for the USDT row. Then the server ends that very connection.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    // A second connection watches: inside its transaction the blocker would see
    // pg_stat_activity frozen at its first read.
    const watcher = new Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([blocker.connect(), watcher.connect()]);
    let res: Awaited<ReturnType<CoreHarness['buy']>>;
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM "Account" WHERE id = $1 FOR UPDATE', [usdt.id]);
      const { rows: me } = await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // A supertest request is sent when awaited: start it now, collect it below.
      const answer = h.buy(bank, { bankUserId: u, amount: '40.00', currency: 'AZN' }).then((r) => r);
      let terminated = false;
      for (let i = 0; i < 200 && !terminated; i++) {
        const { rows } = await watcher.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE 'UPDATE "public"."Account"%'`,
          [me[0].pid],
        );
        if (rows.length === 1) {
          await watcher.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          terminated = true;
        } else {
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      expect(terminated).toBe(true);
      await blocker.query('ROLLBACK');
      res = await answer;
    } finally {
      await Promise.all([blocker.end(), watcher.end()]);
    }
    expect(res.status).toBe(202);
    const id = res.body.data.transactionId;
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    expect((await h.prisma.hold.findFirstOrThrow({ where: { transactionId: id } })).status).toBe('PENDING');
    expect((await h.accounts(bank, u)).AZN).toEqual({ balance: '100.00000000', locked: '40.00000000' });
    expect(await h.prisma.outboxEvent.count({ where: { transactionId: id } })).toBe(0);

    await h.reconcile({ bankId: bank.id });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('COMPLETED');
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(4);
    expect((await h.accounts(bank, u)).AZN).toEqual({ balance: '60.00000000', locked: '0.00000000' });
    // The client's retry now gets the final answer.
    const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(tx.responseStatus).toBe(201);
  });

  /**
   * Issue 22, 2.6: the bank acknowledged, then the booking's database connection is cut in the
   * middle of its transaction (another connection holds the bank's settlement account, so the
   * booking stops there; the server then ends that connection). The bank has moved the money:
   * the answer is 202 PENDING with the transaction id, never "nothing was written", and
   * reconciliation books it once.
   */
  async function bookingCutAfterAcknowledgement(send: () => Promise<request.Response>): Promise<request.Response> {
    const settlement = await h.prisma.account.findFirstOrThrow({ where: { bankId: bank.id, kind: 'BANK_SETTLEMENT', currency: 'AZN' } });
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    const watcher = new Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([blocker.connect(), watcher.connect()]);
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM "Account" WHERE id = $1 FOR UPDATE', [settlement.id]);
      const { rows: me } = await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const answer = send().then((r) => r);
      let terminated = false;
      for (let i = 0; i < 200 && !terminated; i++) {
        const { rows } = await watcher.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [me[0].pid]);
        if (rows.length === 1) {
          await watcher.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          terminated = true;
        } else {
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      expect(terminated).toBe(true);
      await blocker.query('ROLLBACK');
      return await answer;
    } finally {
      await Promise.all([blocker.end(), watcher.end()]);
    }
  }

  it('a deposit whose booking fails after the bank acknowledged: 202 PENDING with its id, then booked once by reconciliation', async () => {
    const u = user();
    expect((await h.deposit(bank, u, '10.00')).status).toBe(201);
    const key = randomUUID();
    const res = await bookingCutAfterAcknowledgement(() => h.deposit(bank, u, '15.00', key));
    expect(res.status).toBe(202);
    const id = res.body.data.transactionId as string;
    expect(res.body).toEqual({ success: true, data: { transactionId: id, status: 'PENDING', amount: '15.00', currency: 'AZN' } });
    expect(h.bankSide.received.filter((a) => a.reference === id)).toHaveLength(1);
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    // The bank's retry gets the same answer until the movement is booked.
    const replay = await h.deposit(bank, u, '15.00', key);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(res.body);

    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, completed: 1 });
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(2);
    expect((await h.accounts(bank, u)).AZN).toEqual({ balance: '25.00000000', locked: '0.00000000' });
    const final = await h.deposit(bank, u, '15.00', key);
    expect(final.status).toBe(201);
    expect(final.body.data).toMatchObject({ transactionId: id, status: 'COMPLETED', balance: '25.00' });
  });

  it('a withdrawal whose booking fails after the bank paid: 202 PENDING, the hold kept, then debited once by reconciliation', async () => {
    const u = user();
    expect((await h.deposit(bank, u, '50.00')).status).toBe(201);
    const res = await bookingCutAfterAcknowledgement(() =>
      h
        .http()
        .post('/api/v1/funding/withdraw')
        .set('x-api-key', bank.apiKey)
        .set('x-idempotency-key', randomUUID())
        .send({ bankUserId: u, amount: '20.00', currency: 'AZN' }),
    );
    expect(res.status).toBe(202);
    const id = res.body.data.transactionId as string;
    expect(res.body.data).toEqual({ transactionId: id, status: 'PENDING', amount: '20.00', currency: 'AZN' });
    expect((await h.accounts(bank, u)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });
    expect((await h.prisma.hold.findFirstOrThrow({ where: { transactionId: id } })).status).toBe('PENDING');

    expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, completed: 1 });
    expect((await h.accounts(bank, u)).AZN).toEqual({ balance: '30.00000000', locked: '0.00000000' });
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(2);
  });

  it('the bank slow to acknowledge (past the timeout), then back: the deposit is credited once, by reconciliation', async () => {
    const u = user();
    h.bankSide.mode = 'hang';
    const res = await h.deposit(bank, u, '15.00');
    expect(res.status).toBe(502);
    expect(res.body.errorCode).toBe('BANK_CONNECTION_ERROR');
    expect((await h.accounts(bank, u)).AZN.balance).toBe('0.00000000');
    h.bankSide.mode = 'acknowledge';
    await h.reconcile({ bankId: bank.id });
    await h.reconcile({ bankId: bank.id });
    expect((await h.accounts(bank, u)).AZN.balance).toBe('15.00000000');
  });
});
