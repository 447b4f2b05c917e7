import { Client } from 'pg';
import { findViolations, InvariantViolation } from '../../apps/core-engine/src/ledger/ledger-invariants';

/** Checks the whole test database's books in one snapshot; returns what breaks. */
export async function ledgerViolations(url = process.env.DATABASE_URL as string): Promise<InvariantViolation[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await findViolations(async (sqls) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const out: unknown[][] = [];
        for (const sql of sqls) out.push((await client.query(sql)).rows);
        return out;
      } finally {
        await client.query('COMMIT');
      }
    });
  } finally {
    await client.end();
  }
}

/** For afterEach/afterAll: fails the suite with a readable report when the books do not hold. */
export async function expectLedgerInvariants(): Promise<void> {
  const violations = await ledgerViolations();
  if (violations.length) {
    throw new Error(`ledger invariants broken:\n${JSON.stringify(violations, null, 2)}`);
  }
}
