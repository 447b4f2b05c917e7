import { Client } from 'pg';
import { expectLedgerInvariants } from '../support/ledger-invariants';

// The invariants the database itself holds, whatever the application does.
describe('database-held invariants', () => {
  let db: Client;
  let userAccountId: string;
  let txId: string;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const bank = await db.query(
      `INSERT INTO "Bank" (id, code, name) VALUES (gen_random_uuid(), 'constraints-' || gen_random_uuid(), 'Constraint Bank') RETURNING id`,
    );
    const bankId = bank.rows[0].id as string;
    const user = await db.query(`INSERT INTO "User" (id, "bankId", "bankCustomerId") VALUES (gen_random_uuid(), $1, 'u1') RETURNING id`, [bankId]);
    const account = await db.query(
      `INSERT INTO "Account" (id, "userId", currency, kind) VALUES (gen_random_uuid(), $1, 'AZN', 'USER') RETURNING id`,
      [user.rows[0].id],
    );
    userAccountId = account.rows[0].id;
    const tx = await db.query(
      `INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn", "amountOut", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'k1', 'h', $2, 'DEPOSIT', 'COMPLETED', 'AZN', 'AZN', 10, 10, now()) RETURNING id`,
      [bankId, user.rows[0].id],
    );
    txId = tx.rows[0].id;
    // A balanced, completed deposit: the rows this suite leaves behind keep the books whole
    // for the suites that check the ledger invariants over the shared test database.
    const settlement = await db.query(
      `INSERT INTO "Account" (id, "bankId", currency, kind, "systemKey", balance)
       VALUES (gen_random_uuid(), $1::uuid, 'AZN', 'BANK_SETTLEMENT', 'SETTLEMENT:' || $1::text || ':AZN', -10) RETURNING id`,
      [bankId],
    );
    await db.query(`UPDATE "Account" SET balance = 10 WHERE id = $1`, [userAccountId]);
    await db.query(
      `INSERT INTO "Ledger" ("transactionId", "accountId", currency, amount, "balanceAfter")
       VALUES ($1, $2, 'AZN', -10, -10), ($1, $3, 'AZN', 10, 10)`,
      [txId, settlement.rows[0].id, userAccountId],
    );
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await db.end();
  });

  it('rejects an UPDATE of a ledger row', async () => {
    await expect(db.query(`UPDATE "Ledger" SET amount = 11 WHERE "transactionId" = $1`, [txId])).rejects.toThrow(/Ledger rows are immutable: UPDATE/);
  });

  it('rejects a DELETE of a ledger row', async () => {
    await expect(db.query(`DELETE FROM "Ledger" WHERE "transactionId" = $1`, [txId])).rejects.toThrow(/Ledger rows are immutable: DELETE/);
  });

  it('rejects a TRUNCATE of the ledger', async () => {
    await expect(db.query(`TRUNCATE "Ledger" CASCADE`)).rejects.toThrow(/Ledger rows are immutable: TRUNCATE/);
    const rows = await db.query(`SELECT count(*)::int AS n FROM "Ledger" WHERE "transactionId" = $1`, [txId]);
    expect(rows.rows[0].n).toBe(2);
  });

  it('keeps Ledger, TradeResolution and AdminAudit append-only with one trigger function, and no other SQL function', async () => {
    const triggers = await db.query(
      `SELECT c.relname AS "table", p.proname AS fn FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE NOT t.tgisinternal ORDER BY 1, t.tgname`,
    );
    const byTable = new Map<string, Set<string>>();
    for (const r of triggers.rows as { table: string; fn: string }[]) byTable.set(r.table, (byTable.get(r.table) ?? new Set()).add(r.fn));
    expect(Object.fromEntries([...byTable].map(([t, fns]) => [t, [...fns]]))).toEqual({
      AdminAudit: ['ledger_reject_change'],
      Ledger: ['ledger_reject_change'],
      LedgerCheckpoint: ['ledger_reject_change'],
      LiabilityLeaf: ['ledger_reject_change'],
      LiabilitySnapshot: ['ledger_reject_change'],
      LiabilityTreeChunk: ['ledger_reject_change'],
      TradeResolution: ['ledger_reject_change'],
    });
    const functions = await db.query(
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() ORDER BY 1`,
    );
    expect(functions.rows.map((r: { proname: string }) => r.proname)).toEqual(['ledger_reject_change']);
    // The message names the table the change was tried on.
    await expect(db.query(`TRUNCATE "AdminAudit"`)).rejects.toThrow(/AdminAudit rows are immutable: TRUNCATE is not allowed \(append-only\)/);
    await expect(db.query(`TRUNCATE "TradeResolution"`)).rejects.toThrow(/TradeResolution rows are immutable: TRUNCATE/);
  });

  it('rejects a negative lockedBalance', async () => {
    await expect(db.query(`UPDATE "Account" SET "lockedBalance" = -0.01 WHERE id = $1`, [userAccountId])).rejects.toThrow(
      /Account_lockedBalance_nonnegative/,
    );
  });

  it('rejects a customer balance below zero', async () => {
    await expect(db.query(`UPDATE "Account" SET balance = -0.01 WHERE id = $1`, [userAccountId])).rejects.toThrow(/Account_user_balance_nonnegative/);
  });

  it('rejects a hold larger than the balance', async () => {
    await expect(db.query(`UPDATE "Account" SET "lockedBalance" = 10.01 WHERE id = $1`, [userAccountId])).rejects.toThrow(
      /Account_user_covers_holds/,
    );
  });

  it('rejects a negative version', async () => {
    await expect(db.query(`UPDATE "Account" SET version = -1 WHERE id = $1`, [userAccountId])).rejects.toThrow(/Account_version_nonnegative/);
  });

  it('rounds nothing away silently: money columns keep 8 decimals', async () => {
    const r = await db.query(`SELECT 12345678901.12345678::numeric(20,8) AS v`);
    expect(r.rows[0].v).toBe('12345678901.12345678');
  });
});
