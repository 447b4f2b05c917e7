import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PrismaService } from '@app/database';
import { WalletService, OPTIMISTIC_ATTEMPTS } from '../src/wallet';
import { ensureDatabase } from '../../../scripts/db/ensure-database';
import { withDatabase, serverUrl } from '../../../test/support/test-database';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// The money path as the design says (issue 12): each phase of a trade is ONE Prisma
// interactive transaction through WalletService and LedgerService, and customer accounts are
// written with optimistic locking on Account.version. These tests look at what PostgreSQL
// recorded (xmin, versions, rows), and perturb the path only from outside: a spy around the
// account read, never a switch inside the production code.

type AccountRead = (tx: unknown, ids: string[]) => Promise<Map<string, unknown>>;

describe('the money path: Prisma interactive transactions, optimistic locking', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let wallet: WalletService;
  let readAccounts: AccountRead;
  let db: Client;

  beforeAll(async () => {
    // No webhook delivery during these tests: the dispatcher would update the events' rows.
    h = await CoreHarness.start({ OUTBOX_POLL_MS: '600000' });
    bank = await h.createBank({ webhookUrl: 'http://127.0.0.1:9/core/webhooks' });
    wallet = h.app.get(WalletService);
    readAccounts = (wallet as unknown as { readUserAccounts: AccountRead }).readUserAccounts.bind(wallet);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await db.end();
    await h.stop();
    await expectLedgerInvariants();
  });

  /** A customer with `azn` AZN, deposited (so the books hold from the first row). */
  async function customerWith(azn: string): Promise<string> {
    const user = `mp-${randomUUID()}`;
    expect((await h.deposit(bank, user, azn)).status).toBe(201);
    return user;
  }

  async function versions(user: string): Promise<Record<string, number>> {
    const rows = await h.prisma.account.findMany({ where: { user: { bankId: bank.id, bankCustomerId: user } } });
    return Object.fromEntries(rows.map((r) => [r.currency, r.version]));
  }

  /** Spies on WalletService's account read: `after` runs once the real read returned. */
  function aroundAccountRead(after: (ids: string[]) => Promise<void>): jest.SpyInstance {
    return jest.spyOn(wallet as unknown as { readUserAccounts: AccountRead }, 'readUserAccounts').mockImplementation(async (tx, ids) => {
      const read = await readAccounts(tx, ids);
      await after(ids);
      return read;
    });
  }

  /** Another writer moves the account's version between our read and our write. */
  const bumpVersion = (ids: string[]) =>
    db.query('UPDATE "Account" SET "version" = "version" + 1 WHERE "id" = ANY($1::uuid[])', [ids]).then(() => undefined);

  it("one buy's posting is one database transaction: its 4 ledger rows, the Transaction, the Hold, the event and the customer's accounts", async () => {
    const user = await customerWith('100.00');
    const before = await versions(user);
    const res = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' });
    expect(res.status).toBe(201);
    const id = res.body.data.transactionId as string;

    const xmins = await db.query<{ what: string; xmin: string }>(
      `SELECT 'ledger' AS what, xmin::text FROM "Ledger" WHERE "transactionId" = $1
       UNION ALL SELECT 'transaction', xmin::text FROM "Transaction" WHERE id = $1
       UNION ALL SELECT 'hold', xmin::text FROM "Hold" WHERE "transactionId" = $1
       UNION ALL SELECT 'event', xmin::text FROM "OutboxEvent" WHERE "transactionId" = $1
       UNION ALL SELECT 'account ' || a.currency, a.xmin::text FROM "Account" a JOIN "User" u ON u.id = a."userId"
                 WHERE u."bankId" = $2 AND u."bankCustomerId" = $3`,
      [id, bank.id, user],
    );
    expect(xmins.rows.map((r) => r.what).sort()).toEqual(
      ['account AZN', 'account USDT', 'event', 'hold', 'ledger', 'ledger', 'ledger', 'ledger', 'transaction'].sort(),
    );
    // One writing transaction id for all of them: they were committed together.
    expect(new Set(xmins.rows.map((r) => r.xmin)).size).toBe(1);

    const hold = await h.prisma.hold.findFirstOrThrow({ where: { transactionId: id } });
    expect(hold.status).toBe('POSTED');
    // Phase 1 (the hold) and phase 3 (the posting) each moved each account they wrote by one version.
    expect(await versions(user)).toEqual({ AZN: before.AZN + 2, USDT: before.USDT + 1 });
  });

  it('two buys racing for the same funds: both read one version, one wins, the other retries on a fresh read and is refused', async () => {
    const user = await customerWith('100.00');
    // Hold each first read until both have read: both then try to write the same version.
    const gate: (() => void)[] = [];
    let firstReads = 2;
    aroundAccountRead(async () => {
      if (firstReads <= 0) return;
      firstReads--;
      await new Promise<void>((release) => {
        gate.push(release);
        if (gate.length === 2) gate.forEach((r) => r());
      });
    });
    const answers = await Promise.all([1, 2].map(() => h.buy(bank, { bankUserId: user, amount: '60.00', currency: 'AZN' })));

    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(answers.find((a) => a.status === 422)?.body.errorCode).toBe('INSUFFICIENT_FUNDS');
    // 2 racing reads, the loser's fresh read: the conflict was retried. The winner's posting
    // read nothing: it started from the states its phase 1 committed (TradeStore's known accounts).
    expect((wallet as unknown as { readUserAccounts: jest.Mock }).readUserAccounts.mock.calls.length).toBe(3);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '40.00000000', locked: '0.00000000' });
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, user: { bankCustomerId: user }, type: 'BUY' } })).toBe(1);
  });

  it('a conflict on every attempt of phase 1 ends in 409 CONCURRENT_UPDATE with nothing written; the same key then succeeds', async () => {
    const user = await customerWith('100.00');
    const before = await versions(user);
    const spy = aroundAccountRead(bumpVersion);
    const key = randomUUID();

    const res = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' }, key);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ success: false, errorCode: 'CONCURRENT_UPDATE' });
    expect(spy).toHaveBeenCalledTimes(OPTIMISTIC_ATTEMPTS);
    // Nothing of any attempt stayed: no Transaction (the key is free), no Hold, no locked funds.
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, idempotencyKey: key } })).toBe(0);
    expect(await h.prisma.hold.count({ where: { account: { user: { bankId: bank.id, bankCustomerId: user } } } })).toBe(0);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    // Only the other writer's bumps moved the version.
    expect((await versions(user)).AZN).toBe(before.AZN + OPTIMISTIC_ATTEMPTS);

    spy.mockRestore();
    const retry = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' }, key);
    expect(retry.status).toBe(201);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '90.00000000', locked: '0.00000000' });
  });

  it('a conflict on every attempt of the posting (after the fill) leaves the trade PENDING with its hold; reconciliation posts it', async () => {
    const user = await customerWith('100.00');
    const usdt = (await h.prisma.account.findFirstOrThrow({ where: { currency: 'USDT', user: { bankId: bank.id, bankCustomerId: user } } })).id;
    // Phase 1 reads both accounts and writes only the AZN one: another writer moving the USDT
    // account then makes phase 1's states stale, so the posting's first attempt (which starts
    // from them, reading nothing) misses; every later attempt reads, and is beaten after its read.
    let reads = 0;
    const spy = aroundAccountRead((ids) => bumpVersion(++reads === 1 ? [usdt] : ids));
    const res = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' });
    expect(res.status).toBe(202);
    expect(res.body.data.status).toBe('PENDING');
    const id = res.body.data.transactionId as string;
    // Phase 1's read, then one read per posting attempt after the first.
    expect(spy).toHaveBeenCalledTimes(1 + (OPTIMISTIC_ATTEMPTS - 1));
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '10.00000000' });

    spy.mockRestore();
    await h.reconcile({ bankId: bank.id });
    const settled = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(settled.status).toBe('COMPLETED');
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(4);
    expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '90.00000000', locked: '0.00000000' });
  });

  it('every transaction runs at READ COMMITTED, whatever the database default says', async () => {
    const name = `isolation_${Date.now()}_${process.pid}`;
    const url = withDatabase(serverUrl(), name);
    await ensureDatabase(url);
    const admin = new Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
    await admin.connect();
    const prisma = new PrismaService(url, 1);
    try {
      await admin.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
      const plain = new Client({ connectionString: url });
      await plain.connect();
      const { rows } = await plain.query<{ transaction_isolation: string }>('SHOW transaction_isolation');
      await plain.end();
      expect(rows[0].transaction_isolation).toBe('serializable');

      await prisma.$connect();
      const level = await prisma.$transaction((tx) => tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`);
      expect(level[0].transaction_isolation).toBe('read committed');
    } finally {
      await prisma.$disconnect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
