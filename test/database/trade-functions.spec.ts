import { randomUUID } from 'node:crypto';
import { Client, DatabaseError } from 'pg';
import { expectLedgerInvariants } from '../support/ledger-invariants';

// The money-moving database functions of prisma/migrations/*_one_statement_trade_phases
// (place_hold, post_ledger, open_trade, settle_trade), called directly rather than through HTTP.
//
// Every case runs inside BEGIN ... ROLLBACK, so this suite commits nothing: the other suites
// check the ledger invariants over the whole shared database, and a trade settled against a
// bank's settlement account, or funds set without ledger rows, would break them. An expected
// failure runs under a savepoint, so the case can still look at what the statement left.

const BANK_CODE_PREFIX = 'trade-functions-';
const NOW = new Date('2026-11-26T15:00:00.123Z');
const LATER = new Date('2026-11-26T15:00:05.456Z');

// numeric[] comes back as text[]: pg would parse numeric[] into floats.
const POST_LEDGER = `SELECT post_ledger($1::uuid, $2::uuid[], $3::numeric[], $4::numeric[])::text[] AS after`;
const PLACE_HOLD = `SELECT place_hold($1::uuid, $2::uuid, $3::numeric)`;
// The same casts as apps/core-engine/src/trade/shared/trade-store.ts.
const OPEN_TRADE = `SELECT open_trade($1::uuid, $2::uuid, $3, $4, $5::uuid, $6::"TransactionType", $7::"Currency", $8::"Currency",
                                      $9::numeric, $10::numeric, $11::numeric, $12::numeric, $13::int, $14::uuid, $15::uuid, $16::timestamptz)`;
const SETTLE_TRADE = `SELECT settle_trade($1::uuid, $2::uuid[], $3::numeric[], $4::numeric, $5::numeric, $6, $7::int, $8,
                                          $9::timestamptz, $10::uuid, $11::uuid, $12, $13)::text[] AS after`;

interface Fixture {
  bankId: string;
  userId: string;
  userAzn: string;
  userUsdt: string;
  /** The system side of every transfer here: the functions only tell USER accounts from the rest. */
  sysAzn: string;
  sysUsdt: string;
}

interface Trade {
  id: string;
  key: string;
  amountIn: string;
  quoteId: string | null;
}

interface OutboxEventArgs {
  id: string;
  type: string;
  payload: string;
}

describe('trade functions: place_hold, post_ledger, open_trade, settle_trade', () => {
  let db: Client;
  let f: Fixture;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    const left = await db.query(`SELECT count(*)::int AS n FROM "Bank" WHERE code LIKE $1`, [`${BANK_CODE_PREFIX}%`]);
    await db.end();
    expect(left.rows[0].n).toBe(0);
    await expectLedgerInvariants();
  });

  beforeEach(async () => {
    await db.query('BEGIN');
    f = await createFixture();
  });

  afterEach(async () => {
    await db.query('ROLLBACK');
  });

  /** A bank, a user with 100 AZN and 0 USDT, and the bank's settlement accounts on the other side. */
  async function createFixture(): Promise<Fixture> {
    const bankId = randomUUID();
    const userId = randomUUID();
    const [userAzn, userUsdt, sysAzn, sysUsdt] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await db.query(`INSERT INTO "Bank" (id, code, name) VALUES ($1, $2, 'Trade Functions Bank')`, [
      bankId,
      `${BANK_CODE_PREFIX}${bankId}`,
    ]);
    await db.query(`INSERT INTO "User" (id, "bankId", "bankCustomerId") VALUES ($1, $2, 'customer-1')`, [userId, bankId]);
    // Funded by setting balances, without ledger rows: the case is rolled back anyway.
    await db.query(
      `INSERT INTO "Account" (id, "userId", currency, kind, balance)
       VALUES ($1, $3, 'AZN', 'USER', 100), ($2, $3, 'USDT', 'USER', 0)`,
      [userAzn, userUsdt, userId],
    );
    await db.query(
      `INSERT INTO "Account" (id, "bankId", currency, kind, "systemKey", balance)
       VALUES ($1, $3::uuid, 'AZN', 'BANK_SETTLEMENT', 'SETTLEMENT:' || $3::text || ':AZN', -100),
              ($2, $3::uuid, 'USDT', 'BANK_SETTLEMENT', 'SETTLEMENT:' || $3::text || ':USDT', 0)`,
      [sysAzn, sysUsdt, bankId],
    );
    return { bankId, userId, userAzn, userUsdt, sysAzn, sysUsdt };
  }

  /** Runs a statement that must fail; returns its error with the transaction usable again. */
  async function failure(sql: string, params: unknown[]): Promise<DatabaseError> {
    await db.query('SAVEPOINT attempt');
    try {
      await db.query(sql, params);
    } catch (err) {
      await db.query('ROLLBACK TO SAVEPOINT attempt');
      if (err instanceof DatabaseError) return err;
      throw err;
    }
    throw new Error(`expected to fail: ${sql}`);
  }

  /** Everything of this case's bank, to show that a failed call changed nothing. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const rows = async (sql: string): Promise<unknown[]> => (await db.query(sql, [f.bankId])).rows;
    const accounts = `SELECT id FROM "Account" WHERE "bankId" = $1 OR "userId" IN (SELECT id FROM "User" WHERE "bankId" = $1)`;
    return {
      accounts: await rows(
        `SELECT id, balance, "lockedBalance", version FROM "Account" WHERE id IN (${accounts}) ORDER BY id`,
      ),
      holds: await rows(`SELECT * FROM "Hold" WHERE "accountId" IN (${accounts}) ORDER BY id`),
      ledger: await rows(`SELECT * FROM "Ledger" WHERE "accountId" IN (${accounts}) ORDER BY id`),
      transactions: await rows(`SELECT * FROM "Transaction" WHERE "bankId" = $1 ORDER BY id`),
      quotes: await rows(`SELECT * FROM "Quote" WHERE "bankId" = $1 ORDER BY id`),
      outbox: await rows(`SELECT * FROM "OutboxEvent" WHERE "bankId" = $1 ORDER BY id`),
    };
  }

  async function account(id: string): Promise<{ balance: string; lockedBalance: string; version: number }> {
    const r = await db.query(`SELECT balance, "lockedBalance", version FROM "Account" WHERE id = $1`, [id]);
    return r.rows[0];
  }

  async function ledgerRows(transactionId: string): Promise<unknown[]> {
    const r = await db.query(
      `SELECT "accountId", currency, amount, "balanceAfter" FROM "Ledger" WHERE "transactionId" = $1 ORDER BY id`,
      [transactionId],
    );
    return r.rows;
  }

  async function transactionExists(id: string): Promise<boolean> {
    const r = await db.query(`SELECT 1 FROM "Transaction" WHERE id = $1`, [id]);
    return r.rowCount === 1;
  }

  /** A PENDING deposit for post_ledger's rows to belong to (Ledger.transactionId is a foreign key). */
  async function newTransaction(): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn", "amountOut")
       VALUES ($1, $2, $3, 'h', $4, 'DEPOSIT', 'PENDING', 'AZN', 'AZN', 10, 10)`,
      [id, f.bankId, `key-${id}`, f.userId],
    );
    return id;
  }

  async function postLedger(tx: string, accounts: string[], amounts: string[], releases: string[]): Promise<string[]> {
    return (await db.query(POST_LEDGER, [tx, accounts, amounts, releases])).rows[0].after;
  }

  /** A BUY of 10 USDT for 17 AZN (rate 1.7), unless told otherwise. */
  function trade(overrides: Partial<Trade> = {}): Trade {
    const id = randomUUID();
    return { id, key: `key-${id}`, amountIn: '17', quoteId: null, ...overrides };
  }

  function openTradeArgs(t: Trade): unknown[] {
    return [t.id, f.bankId, t.key, `hash-${t.key}`, f.userId, 'BUY', 'AZN', 'USDT', t.amountIn, '10', '1.7', '1.68', 150, t.quoteId, f.userAzn, NOW];
  }

  async function openTrade(t: Trade): Promise<void> {
    await db.query(OPEN_TRADE, openTradeArgs(t));
  }

  /** The four legs of the BUY that trade() describes, in the order the application passes them. */
  function buyLegs(): { accounts: string[]; amounts: string[] } {
    return {
      accounts: [f.userAzn, f.sysAzn, f.sysUsdt, f.userUsdt],
      amounts: ['-17', '17', '-10', '10'],
    };
  }

  function settleTradeArgs(id: string, event: OutboxEventArgs | null, legs = buyLegs()): unknown[] {
    return [
      id, legs.accounts, legs.amounts, '0.25', '1.68', `order-${id}`, 201, JSON.stringify({ transactionId: id }), LATER,
      event?.id ?? null, event ? f.bankId : null, event?.type ?? null, event?.payload ?? null,
    ];
  }

  async function settleTrade(id: string, event: OutboxEventArgs | null): Promise<string[]> {
    return (await db.query(SETTLE_TRADE, settleTradeArgs(id, event))).rows[0].after;
  }

  async function insertQuote(expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "Quote" (id, "bankId", "userId", side, amount, currency, "cryptoAmount", "fiatAmount", "exchangeRate", "marketPrice", "spreadBps", "expiresAt")
       VALUES ($1, $2, $3, 'BUY', 17, 'AZN', 10, 17, 1.7, 1.68, 150, $4)`,
      [id, f.bankId, f.userId, expiresAt],
    );
    return id;
  }

  async function quote(id: string): Promise<{ transactionId: string | null; usedAt: Date | null }> {
    return (await db.query(`SELECT "transactionId", "usedAt" FROM "Quote" WHERE id = $1`, [id])).rows[0];
  }

  describe('post_ledger', () => {
    it("moves both balances and writes the rows in the caller's order, returning each balanceAfter", async () => {
      const tx = await newTransaction();
      // System leg first: the function changes user accounts first, so the caller's order is not its lock order.
      const after = await postLedger(tx, [f.sysAzn, f.userAzn], ['-25.5', '25.5'], ['0', '0']);

      expect(after).toEqual(['-125.50000000', '125.50000000']);
      expect(await ledgerRows(tx)).toEqual([
        { accountId: f.sysAzn, currency: 'AZN', amount: '-25.50000000', balanceAfter: '-125.50000000' },
        { accountId: f.userAzn, currency: 'AZN', amount: '25.50000000', balanceAfter: '125.50000000' },
      ]);
      expect(await account(f.sysAzn)).toEqual({ balance: '-125.50000000', lockedBalance: '0.00000000', version: 1 });
      expect(await account(f.userAzn)).toEqual({ balance: '125.50000000', lockedBalance: '0.00000000', version: 1 });
    });

    it('releases the held funds its debit consumes', async () => {
      const tx = await newTransaction();
      await db.query(PLACE_HOLD, [f.userAzn, tx, '30']);

      expect(await postLedger(tx, [f.userAzn, f.sysAzn], ['-30', '30'], ['30', '0'])).toEqual(['70.00000000', '-70.00000000']);
      expect(await account(f.userAzn)).toEqual({ balance: '70.00000000', lockedBalance: '0.00000000', version: 2 });
    });

    it('refuses a transfer that does not balance per currency, and changes nothing', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      // Sums to zero over both currencies, not within each.
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, f.sysUsdt], ['10', '-10'], ['0', '0']]);

      expect(err.code).toBe('P0001');
      expect(err.message).toContain(`post_ledger: unbalanced transfer ${tx}: `);
      expect(err.message).toContain('AZN rows sum to 10');
      expect(err.message).toContain('USDT rows sum to -10');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a zero amount, even in a transfer that balances', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, f.sysAzn], ['0', '0'], ['0', '0']]);

      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`post_ledger: a zero or missing amount in transaction ${tx}`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses arrays of different lengths, and an empty transfer', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const accounts = [f.userAzn, f.sysAzn];

      const fewerAmounts = await failure(POST_LEDGER, [tx, accounts, ['-1'], ['0', '0']]);
      expect(fewerAmounts.code).toBe('P0001');
      expect(fewerAmounts.message).toBe('post_ledger: 2 accounts, 1 amounts, 2 releases');

      const fewerReleases = await failure(POST_LEDGER, [tx, accounts, ['-1', '1'], ['0']]);
      expect(fewerReleases.message).toBe('post_ledger: 2 accounts, 2 amounts, 1 releases');

      const empty = await failure(POST_LEDGER, [tx, [], [], []]);
      expect(empty.message).toMatch(/^post_ledger: 0 accounts, /);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a user debit beyond the balance, naming the account', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, f.sysAzn], ['-100.01', '100.01'], ['0', '0']]);

      // The CHECK constraint fires inside the UPDATE, before the function's own test could
      // raise its message: the account is named by the failing row in the detail.
      expect(err.code).toBe('23514');
      expect(err.constraint).toBe('Account_user_balance_nonnegative');
      expect(err.detail).toContain(f.userAzn);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a release that would take lockedBalance below zero', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, f.sysAzn], ['-1', '1'], ['1', '0']]);

      expect(err.code).toBe('23514');
      expect(err.constraint).toBe('Account_lockedBalance_nonnegative');
      expect(err.detail).toContain(f.userAzn);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a release on a system account', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, f.sysAzn], ['1', '-1'], ['0', '1']]);

      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`post_ledger: a release on system account ${f.sysAzn}`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses an unknown account before anything else, and changes nothing', async () => {
      const tx = await newTransaction();
      const ghost = randomUUID();
      const before = await snapshot();
      // Its leg would otherwise be left out of the per-currency sums and read as "unbalanced".
      const err = await failure(POST_LEDGER, [tx, [f.userAzn, ghost], ['10', '-10'], ['0', '0']]);

      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`post_ledger: no account ${ghost}`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses amounts finer than 8 decimals, which would balance before rounding and not after', async () => {
      const tx = await newTransaction();
      const before = await snapshot();
      const err = await failure(POST_LEDGER, [
        tx, [f.userAzn, f.userAzn, f.sysAzn], ['0.000000005', '0.000000005', '-0.00000001'], ['0', '0', '0'],
      ]);

      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`post_ledger: an amount with more than 8 decimals in transaction ${tx}`);
      expect(await snapshot()).toEqual(before);
    });

    it("gives an account named twice each row's own balanceAfter, in the caller's order", async () => {
      const tx = await newTransaction();
      const after = await postLedger(tx, [f.userAzn, f.userAzn, f.userAzn, f.userAzn, f.sysAzn], ['1', '2', '3', '4', '-10'], [
        '0', '0', '0', '0', '0',
      ]);

      expect(after).toEqual(['101.00000000', '103.00000000', '106.00000000', '110.00000000', '-110.00000000']);
      const rows = (await ledgerRows(tx)) as { balanceAfter: string }[];
      expect(rows.map((r) => r.balanceAfter)).toEqual(['101.00000000', '103.00000000', '106.00000000', '110.00000000', '-110.00000000']);
    });
  });

  describe('place_hold', () => {
    it('refuses an unknown account as an error of its own, not as insufficient funds', async () => {
      const tx = await newTransaction();
      const ghost = randomUUID();
      const err = await failure(PLACE_HOLD, [ghost, tx, '1']);
      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`place_hold: no account ${ghost}`);
    });

    it('reserves available funds, up to all of them', async () => {
      const [first, second] = [await newTransaction(), await newTransaction()];
      await db.query(PLACE_HOLD, [f.userAzn, first, '40']);

      expect(await account(f.userAzn)).toEqual({ balance: '100.00000000', lockedBalance: '40.00000000', version: 1 });
      const holds = await db.query(
        `SELECT "accountId", "transactionId", amount, status, "resolvedAt" FROM "Hold" WHERE "transactionId" = $1`,
        [first],
      );
      expect(holds.rows).toEqual([
        { accountId: f.userAzn, transactionId: first, amount: '40.00000000', status: 'PENDING', resolvedAt: null },
      ]);

      await db.query(PLACE_HOLD, [f.userAzn, second, '60']);
      expect(await account(f.userAzn)).toEqual({ balance: '100.00000000', lockedBalance: '100.00000000', version: 2 });
    });

    it('refuses more than balance - lockedBalance with CX001, and changes nothing', async () => {
      const [first, second] = [await newTransaction(), await newTransaction()];
      await db.query(PLACE_HOLD, [f.userAzn, first, '40']);
      const before = await snapshot();
      // The balance (100) covers it; what is not already held (60) does not.
      const err = await failure(PLACE_HOLD, [f.userAzn, second, '60.00000001']);

      expect(err.code).toBe('CX001');
      expect(err.message).toBe(`insufficient AZN funds on account ${f.userAzn}`);
      expect(err.detail).toBe('AZN');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('open_trade', () => {
    it("refuses another user's quote, or one for another amount, as not for this trade", async () => {
      const quoteId = await insertQuote(new Date(NOW.getTime() + 60_000));
      const before = await snapshot();
      const otherAmount = await failure(OPEN_TRADE, openTradeArgs(trade({ amountIn: '18', quoteId })));
      expect(otherAmount.code).toBe('P0001');
      expect(otherAmount.message).toBe(`open_trade: quote ${quoteId} is not for this trade`);

      const otherUser = randomUUID();
      await db.query(`INSERT INTO "User" (id, "bankId", "bankCustomerId") VALUES ($1, $2, 'customer-2')`, [otherUser, f.bankId]);
      const args = openTradeArgs(trade({ quoteId }));
      args[4] = otherUser;
      const notTheirs = await failure(OPEN_TRADE, args);
      expect(notTheirs.message).toBe(`open_trade: quote ${quoteId} is not for this trade`);
      expect(await quote(quoteId)).toEqual({ transactionId: null, usedAt: null });
      await db.query(`DELETE FROM "User" WHERE id = $1`, [otherUser]);
      expect(await snapshot()).toEqual(before);
    });

    it('inserts the PENDING transaction with the given id and fields, and holds its amountIn', async () => {
      const t = trade();
      await openTrade(t);

      const tx = await db.query(
        `SELECT "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn",
                "amountOut", "exchangeRate", "marketPrice", "spreadBps", "quoteId", "feeAmount", "completedAt"
           FROM "Transaction" WHERE id = $1`,
        [t.id],
      );
      expect(tx.rows).toEqual([
        {
          bankId: f.bankId, idempotencyKey: t.key, requestHash: `hash-${t.key}`, userId: f.userId, type: 'BUY', status: 'PENDING',
          currencyIn: 'AZN', currencyOut: 'USDT', amountIn: '17.00000000', amountOut: '10.00000000', exchangeRate: '1.70000000',
          marketPrice: '1.68000000', spreadBps: 150, quoteId: null, feeAmount: '0.00000000', completedAt: null,
        },
      ]);
      const holds = await db.query(`SELECT "accountId", amount, status FROM "Hold" WHERE "transactionId" = $1`, [t.id]);
      expect(holds.rows).toEqual([{ accountId: f.userAzn, amount: '17.00000000', status: 'PENDING' }]);
      expect(await account(f.userAzn)).toEqual({ balance: '100.00000000', lockedBalance: '17.00000000', version: 1 });
    });

    it('fails a replayed idempotency key on its unique index before checking funds, and changes nothing', async () => {
      const first = trade();
      await openTrade(first);
      const before = await snapshot();
      // More than the user has: the key must be what refuses it (IdempotencyService answers the replay).
      const replay = trade({ key: first.key, amountIn: '1000' });
      const err = await failure(OPEN_TRADE, openTradeArgs(replay));

      expect(err.code).toBe('23505');
      expect(err.constraint).toBe('Transaction_bankId_idempotencyKey_key');
      expect(await transactionExists(replay.id)).toBe(false);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a trade the available funds do not cover with CX001, leaving no transaction', async () => {
      const t = trade({ amountIn: '100.00000001' });
      const before = await snapshot();
      const err = await failure(OPEN_TRADE, openTradeArgs(t));

      expect(err.code).toBe('CX001');
      expect(await transactionExists(t.id)).toBe(false);
      expect(await snapshot()).toEqual(before);
    });

    it('claims its quote at p_now, up to the last millisecond before it expires', async () => {
      const quoteId = await insertQuote(new Date(NOW.getTime() + 1));
      const t = trade({ quoteId });
      await openTrade(t);

      expect(await quote(quoteId)).toEqual({ transactionId: t.id, usedAt: NOW });
      const tx = await db.query(`SELECT "quoteId", status FROM "Transaction" WHERE id = $1`, [t.id]);
      expect(tx.rows).toEqual([{ quoteId, status: 'PENDING' }]);
    });

    it('refuses a used quote with CX002, leaving no transaction', async () => {
      const quoteId = await insertQuote(new Date(NOW.getTime() + 30_000));
      const first = trade({ quoteId });
      await openTrade(first);
      const before = await snapshot();
      const second = trade({ quoteId });
      const err = await failure(OPEN_TRADE, openTradeArgs(second));

      expect(err.code).toBe('CX002');
      expect(err.message).toBe(`quote ${quoteId} is used by ${first.id}`);
      expect(await transactionExists(second.id)).toBe(false);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a quote whose expiresAt is p_now with CX003, leaving no transaction', async () => {
      const quoteId = await insertQuote(NOW);
      const before = await snapshot();
      const t = trade({ quoteId });
      const err = await failure(OPEN_TRADE, openTradeArgs(t));

      expect(err.code).toBe('CX003');
      expect(err.message).toBe(`quote ${quoteId} has expired`);
      expect(await transactionExists(t.id)).toBe(false);
      expect(await quote(quoteId)).toEqual({ transactionId: null, usedAt: null });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('settle_trade', () => {
    it('completes the trade, posts its hold, moves the four legs in order and writes the event', async () => {
      const t = trade();
      await openTrade(t);
      const event = { id: randomUUID(), type: 'trade.completed', payload: JSON.stringify({ transactionId: t.id }) };
      const after = await settleTrade(t.id, event);

      expect(after).toEqual(['83.00000000', '-83.00000000', '-10.00000000', '10.00000000']);
      const tx = await db.query(
        `SELECT status, "feeAmount", "executedPrice", "exchangeOrderId", "responseStatus", "responseBody", "completedAt"
           FROM "Transaction" WHERE id = $1`,
        [t.id],
      );
      expect(tx.rows).toEqual([
        {
          status: 'COMPLETED', feeAmount: '0.25000000', executedPrice: '1.68000000', exchangeOrderId: `order-${t.id}`,
          responseStatus: 201, responseBody: JSON.stringify({ transactionId: t.id }), completedAt: LATER,
        },
      ]);
      const holds = await db.query(`SELECT "accountId", status, "resolvedAt" FROM "Hold" WHERE "transactionId" = $1`, [t.id]);
      expect(holds.rows).toEqual([{ accountId: f.userAzn, status: 'POSTED', resolvedAt: LATER }]);
      expect(await account(f.userAzn)).toEqual({ balance: '83.00000000', lockedBalance: '0.00000000', version: 2 });
      expect(await account(f.userUsdt)).toEqual({ balance: '10.00000000', lockedBalance: '0.00000000', version: 1 });
      expect(await ledgerRows(t.id)).toEqual([
        { accountId: f.userAzn, currency: 'AZN', amount: '-17.00000000', balanceAfter: '83.00000000' },
        { accountId: f.sysAzn, currency: 'AZN', amount: '17.00000000', balanceAfter: '-83.00000000' },
        { accountId: f.sysUsdt, currency: 'USDT', amount: '-10.00000000', balanceAfter: '-10.00000000' },
        { accountId: f.userUsdt, currency: 'USDT', amount: '10.00000000', balanceAfter: '10.00000000' },
      ]);
      const outbox = await db.query(
        `SELECT id, "bankId", type, payload, "transactionId", status FROM "OutboxEvent" WHERE "transactionId" = $1`,
        [t.id],
      );
      expect(outbox.rows).toEqual([
        { id: event.id, bankId: f.bankId, type: event.type, payload: event.payload, transactionId: t.id, status: 'PENDING' },
      ]);
    });

    it('writes no outbox event when p_event_id is null', async () => {
      const t = trade();
      await openTrade(t);
      await settleTrade(t.id, null);

      const tx = await db.query(`SELECT status FROM "Transaction" WHERE id = $1`, [t.id]);
      expect(tx.rows).toEqual([{ status: 'COMPLETED' }]);
      const outbox = await db.query(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "transactionId" = $1`, [t.id]);
      expect(outbox.rows[0].n).toBe(0);
    });

    it('refuses to settle a trade twice with CX004, and changes nothing', async () => {
      const t = trade();
      await openTrade(t);
      await settleTrade(t.id, null);
      const before = await snapshot();
      const err = await failure(SETTLE_TRADE, settleTradeArgs(t.id, { id: randomUUID(), type: 'trade.completed', payload: '{}' }));

      expect(err.code).toBe('CX004');
      expect(err.message).toBe(`transaction ${t.id} has no pending hold`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a trade that failed meanwhile (hold voided) with CX004', async () => {
      const t = trade();
      await openTrade(t);
      // What failing a trade does: transaction FAILED, hold VOIDED, funds released.
      await db.query(`UPDATE "Transaction" SET status = 'FAILED' WHERE id = $1`, [t.id]);
      await db.query(`UPDATE "Hold" SET status = 'VOIDED', "resolvedAt" = $2 WHERE "transactionId" = $1`, [t.id, NOW]);
      await db.query(`UPDATE "Account" SET "lockedBalance" = 0 WHERE id = $1`, [f.userAzn]);
      const before = await snapshot();
      const err = await failure(SETTLE_TRADE, settleTradeArgs(t.id, null));

      expect(err.code).toBe('CX004');
      expect(err.message).toBe(`transaction ${t.id} has no pending hold`);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a FAILED trade whose hold is still PENDING with CX004, keeping the hold PENDING', async () => {
      const t = trade();
      await openTrade(t);
      // Not a state the application leaves, but the guard on the transaction's own status must hold alone.
      await db.query(`UPDATE "Transaction" SET status = 'FAILED' WHERE id = $1`, [t.id]);
      const before = await snapshot();
      const err = await failure(SETTLE_TRADE, settleTradeArgs(t.id, null));

      expect(err.code).toBe('CX004');
      expect(err.message).toBe(`transaction ${t.id} is not PENDING`);
      expect(await snapshot()).toEqual(before);
      const holds = await db.query(`SELECT status FROM "Hold" WHERE "transactionId" = $1`, [t.id]);
      expect(holds.rows).toEqual([{ status: 'PENDING' }]);
    });

    it('refuses legs that leave a hold unreleased', async () => {
      const t = trade();
      await openTrade(t);
      const before = await snapshot();
      const usdtOnly = { accounts: [f.sysUsdt, f.userUsdt], amounts: ['-10', '10'] };
      const err = await failure(SETTLE_TRADE, settleTradeArgs(t.id, null, usdtOnly));

      expect(err.code).toBe('P0001');
      expect(err.message).toBe(`transaction ${t.id}: hold on account ${f.userAzn} has no leg`);
      expect(await snapshot()).toEqual(before);
    });
  });
});
