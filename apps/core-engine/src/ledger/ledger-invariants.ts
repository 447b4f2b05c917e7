/**
 * The ledger's invariants, as SQL a checker runs over the whole database. Each query
 * returns the rows that break its rule, so an empty result everywhere means the books
 * hold. Checked after every e2e test (test/support/ledger-invariants.ts).
 */
export interface InvariantCheck {
  name: string;
  sql: string;
}

export const LEDGER_INVARIANTS: InvariantCheck[] = [
  {
    name: "each transaction's rows sum to zero per currency",
    sql: `SELECT "transactionId"::text AS id, currency::text, SUM(amount)::text AS sum
            FROM "Ledger" GROUP BY "transactionId", currency HAVING SUM(amount) <> 0`,
  },
  {
    name: "each account's balance equals the sum of its rows",
    sql: `SELECT a.id::text, a.balance::text, COALESCE(SUM(l.amount), 0)::text AS rows_sum
            FROM "Account" a LEFT JOIN "Ledger" l ON l."accountId" = a.id
           GROUP BY a.id HAVING a.balance <> COALESCE(SUM(l.amount), 0)`,
  },
  {
    name: 'balanceAfter follows row by row',
    sql: `SELECT id::text, "accountId"::text, "balanceAfter"::text, running::text FROM (
            SELECT id, "accountId", "balanceAfter",
                   SUM(amount) OVER (PARTITION BY "accountId" ORDER BY id) AS running
              FROM "Ledger") r
           WHERE "balanceAfter" <> running`,
  },
  {
    name: 'no user balance or lockedBalance below zero',
    sql: `SELECT id::text, balance::text, "lockedBalance"::text FROM "Account"
           WHERE "lockedBalance" < 0 OR (kind = 'USER' AND (balance < 0 OR balance < "lockedBalance"))`,
  },
  {
    name: 'each lockedBalance equals the sum of its pending holds',
    sql: `SELECT a.id::text, a."lockedBalance"::text, COALESCE(SUM(h.amount), 0)::text AS holds
            FROM "Account" a LEFT JOIN "Hold" h ON h."accountId" = a.id AND h.status = 'PENDING'
           GROUP BY a.id HAVING a."lockedBalance" <> COALESCE(SUM(h.amount), 0)`,
  },
  {
    name: 'each completed trade has exactly four rows',
    sql: `SELECT t.id::text, COUNT(l.id)::int AS rows FROM "Transaction" t
            LEFT JOIN "Ledger" l ON l."transactionId" = t.id
           WHERE t.type IN ('BUY', 'SELL') AND t.status = 'COMPLETED'
           GROUP BY t.id HAVING COUNT(l.id) <> 4`,
  },
  {
    name: 'failed and pending transactions have no rows',
    sql: `SELECT t.id::text, t.status::text FROM "Transaction" t
           WHERE t.status <> 'COMPLETED' AND EXISTS (SELECT 1 FROM "Ledger" l WHERE l."transactionId" = t.id)`,
  },
];

export interface InvariantViolation {
  check: string;
  rows: unknown[];
}

/** Runs every check in one REPEATABLE READ snapshot, so concurrent commits cannot tear it. */
export async function findViolations(
  run: (sqls: string[]) => Promise<unknown[][]>,
): Promise<InvariantViolation[]> {
  const results = await run(LEDGER_INVARIANTS.map((c) => c.sql));
  return LEDGER_INVARIANTS.map((c, i) => ({ check: c.name, rows: results[i] })).filter((v) => v.rows.length > 0);
}
