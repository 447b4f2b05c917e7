import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { findViolations, InvariantViolation } from '../../apps/core-engine/src/ledger/ledger-invariants';
import { Decimal } from '../../apps/core-engine/src/money';
import { omnibusKey, settlementKey } from '../../apps/core-engine/src/wallet/system-accounts';
import { DEFAULT_OPERATION_LIMITS, ensureBank, ensureLimits, ensureOmnibus } from '../../scripts/db/seed-data';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function serverVersion(serverUrl: string): Promise<string> {
  return admin(serverUrl, async (c) => (await c.query<{ version: string }>('SELECT version()')).rows[0].version);
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export interface SeededUser {
  bankCustomerId: string;
  userId: string;
  aznAccountId: string;
  usdtAccountId: string;
}

/**
 * The KYC level of every bench user, with or without limit rows (so a pair of runs differs in
 * the rows only). Its default BUY limits are above anything a bench user can buy: see
 * `benchBuyLimits`.
 */
export const BENCH_KYC_LEVEL = 3;

/** What the bench bank's customers are limited to, as the results record it. */
export interface BenchKycLimits {
  /** The bank's OperationLimit rows (every level and operation of the default table). */
  rows: number;
  level: number;
  buy: { perOperation: string | null; per24Hours: string | null };
}

export interface Seeded {
  bankId: string;
  apiKey: string;
  users: SeededUser[];
  /** Omnibus (sub-)account ids per currency, by sub-account number. */
  omnibus: { AZN: string[]; USDT: string[] };
  /** null: the bank has no limit rows, phase 1 skips the check. */
  kycLimits: BenchKycLimits | null;
}

export interface SeedOptions {
  users: number;
  balance: string;
  omnibusSubAccounts: number;
  callbackUrl: string;
  webhookUrl: string | null;
  webhookSecret: string;
  /** Seed the default KYC limit rows for the bench bank (every buy then runs the check). */
  kycLimits: boolean;
  /** AZN per buy: the limits must let every one through. */
  buyAmount: string;
}

/**
 * The default BUY limits at the bench users' level, refused unless they can never refuse a
 * bench buy: per operation at least the buy amount, per 24 hours at least the seeded balance.
 * A bench user only buys, and every buy takes its AZN off the balance, so its buys in any
 * 24 hours never add up to more than it was seeded with; the bench measures what the check
 * costs, and every answer must still be 201.
 */
export function benchBuyLimits(buyAmount: string, balance: string): BenchKycLimits['buy'] {
  const buy = DEFAULT_OPERATION_LIMITS[BENCH_KYC_LEVEL].BUY;
  const below = (limit: string | null, needed: string) => limit !== null && new Decimal(limit).lt(new Decimal(needed));
  if (below(buy.perOperation, buyAmount) || below(buy.per24Hours, balance)) {
    throw new Error(
      `the default BUY limits of level ${BENCH_KYC_LEVEL} (${buy.perOperation} per operation, ${buy.per24Hours} per 24 hours) ` +
        `could refuse a bench buy of ${buyAmount} AZN by users seeded with ${balance} AZN: use a smaller --amount or --kyc-limits off`,
    );
  }
  return buy;
}

/**
 * The bank (with an API key) and the omnibus accounts through the project's own seed code,
 * then the users and their AZN straight in SQL: much faster than a deposit per user through
 * the API (each of which asks the bank to acknowledge it). Every seeded balance is a
 * COMPLETED deposit with its two ledger rows against the bank's settlement account, exactly
 * what a deposit posts, so the ledger invariants hold from the first row.
 */
export async function seed(url: string, options: SeedOptions): Promise<Seeded> {
  const apiKey = `ck_bench_${randomBytes(24).toString('base64url')}`;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  let bankId: string;
  let kycLimits: BenchKycLimits | null = null;
  try {
    await ensureOmnibus(prisma, options.omnibusSubAccounts);
    bankId = await ensureBank(prisma, {
      code: 'bench-bank',
      name: 'Bench Bank',
      apiKey,
      callbackUrl: options.callbackUrl,
      webhookUrl: options.webhookUrl,
      webhookSecret: options.webhookSecret,
    });
    if (options.kycLimits) {
      // The table db:seed gives the demo bank: a real bank's shape (a row per level and operation).
      const buy = benchBuyLimits(options.buyAmount, options.balance);
      await ensureLimits(prisma, bankId);
      const rows = await prisma.operationLimit.count({ where: { bankId } });
      kycLimits = { rows, level: BENCH_KYC_LEVEL, buy };
    }
  } finally {
    await prisma.$disconnect();
  }

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
         SELECT g, 'bench-user-' || g AS customer, gen_random_uuid() AS user_id, gen_random_uuid() AS azn_id,
                gen_random_uuid() AS usdt_id, gen_random_uuid() AS tx_id
           FROM generate_series(0, $1::int - 1) g`,
      [options.users],
    );
    await client.query(
      `INSERT INTO "User" (id, "bankId", "bankCustomerId", "kycLevel") SELECT user_id, $1::uuid, customer, $2::int FROM bench_seed`,
      [bankId, BENCH_KYC_LEVEL],
    );
    await client.query(
      `INSERT INTO "Account" (id, "userId", kind, currency, balance, version)
         SELECT azn_id, user_id, 'USER'::"AccountKind", 'AZN'::"Currency", $1::numeric, 1 FROM bench_seed
         UNION ALL
         SELECT usdt_id, user_id, 'USER'::"AccountKind", 'USDT'::"Currency", 0, 0 FROM bench_seed`,
      [options.balance],
    );
    const settlement = await client.query<{ id: string }>(
      `INSERT INTO "Account" (id, "bankId", kind, currency, "systemKey", balance, version)
         VALUES (gen_random_uuid(), $1::uuid, 'BANK_SETTLEMENT', 'AZN', $2, -($3::numeric * $4::int), $4::int)
         RETURNING id::text`,
      [bankId, settlementKey(bankId, 'AZN'), options.balance, options.users],
    );
    await client.query(
      `INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status,
                                  "currencyIn", "currencyOut", "amountIn", "amountOut", "completedAt")
         SELECT tx_id, $1::uuid, 'bench-seed-' || g, 'bench-seed', user_id, 'DEPOSIT'::"TransactionType",
                'COMPLETED'::"TransactionStatus", 'AZN'::"Currency", 'AZN'::"Currency", $2::numeric, $2::numeric, now()
           FROM bench_seed`,
      [bankId, options.balance],
    );
    // Explicit ids, so each account's rows are in id order and balanceAfter follows row by row.
    await client.query(
      `INSERT INTO "Ledger" (id, "transactionId", "accountId", currency, amount, "balanceAfter")
         SELECT 2 * g + 1, tx_id, $1::uuid, 'AZN'::"Currency", -$2::numeric, -$2::numeric * (g + 1) FROM bench_seed
         UNION ALL
         SELECT 2 * g + 2, tx_id, azn_id, 'AZN'::"Currency", $2::numeric, $2::numeric FROM bench_seed`,
      [settlement.rows[0].id, options.balance],
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('"Ledger"', 'id'), $1::bigint)`, [2 * options.users]);
    const users = await client.query<{ customer: string; user_id: string; azn_id: string; usdt_id: string }>(
      `SELECT customer, user_id::text, azn_id::text, usdt_id::text FROM bench_seed ORDER BY g`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');

    const omnibus = { AZN: [] as string[], USDT: [] as string[] };
    for (const currency of ['AZN', 'USDT'] as const) {
      for (let sub = 0; sub < options.omnibusSubAccounts; sub++) {
        const row = await client.query<{ id: string }>(`SELECT id::text FROM "Account" WHERE "systemKey" = $1`, [omnibusKey(currency, sub)]);
        omnibus[currency].push(row.rows[0].id);
      }
    }
    return {
      bankId,
      apiKey,
      users: users.rows.map((r) => ({
        bankCustomerId: r.customer,
        userId: r.user_id,
        aznAccountId: r.azn_id,
        usdtAccountId: r.usdt_id,
      })),
      omnibus,
      kycLimits,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** The ledger invariants of the Core Engine over the whole database, in one snapshot. */
export async function ledgerViolations(url: string): Promise<InvariantViolation[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await findViolations(async (sqls) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const out: unknown[][] = [];
        // A few rows per broken rule are enough to read; the count says the rest.
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

/** BUY transactions by status, and ledger rows: what the run left in the books. */
export async function tradeCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const byStatus = await client.query<{ status: string; n: string }>(
      `SELECT status::text, count(*) AS n FROM "Transaction" WHERE type = 'BUY' GROUP BY status`,
    );
    const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Ledger"`);
    const counts: Record<string, number> = { COMPLETED: 0, PENDING: 0, FAILED: 0 };
    for (const r of byStatus.rows) counts[r.status] = Number(r.n);
    counts.ledgerRows = Number(rows.rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

/** Every connection of the bench database but the caller's: the Core Engine's pool. */
export async function backendPids(url: string, database: string): Promise<number[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE (datname = $1 AND pid <> pg_backend_pid()) OR backend_type IN
         ('walwriter', 'checkpointer', 'background writer', 'autovacuum launcher', 'walsender', 'logical replication launcher')`,
      [database],
    );
    return r.rows.map((x) => x.pid);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the Core Engine has finished the requests still in flight when a load step
 * ended (autocannon stops sending, the server does not stop working): no connection of the
 * bench database busy and no new transaction for three polls in a row. Returns the wait.
 */
export async function waitUntilSettled(url: string, database: string, timeoutMs = 120_000): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    let last = -1;
    let quiet = 0;
    while (Date.now() - started < timeoutMs) {
      const r = await client.query<{ busy: string; n: string }>(
        `SELECT (SELECT count(*) FROM pg_stat_activity
                  WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')) AS busy,
                (SELECT count(*) FROM "Transaction") AS n`,
        [database],
      );
      const n = Number(r.rows[0].n);
      quiet = Number(r.rows[0].busy) === 0 && n === last ? quiet + 1 : 0;
      if (quiet >= 3) break;
      last = n;
      await new Promise((res) => setTimeout(res, 250));
    }
    return Date.now() - started;
  } finally {
    await client.end();
  }
}
