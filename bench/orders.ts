/**
 * `npm run bench -- --orders` (issue 24): the order matcher on a real PostgreSQL.
 *
 * Run by bench/run.ts as `node -r ./scripts/cli/register-ts.js bench/orders.ts` (Nest needs
 * decorator metadata, which tsx does not emit). A fresh database (bench_orders_<timestamp>) is
 * migrated; a Core Engine app and a Mock Exchange run in this process, on loopback HTTP.
 *
 * 1. Matcher CPU per price tick that triggers nothing, with 0, 10,000 and 100,000 OPEN orders
 *    in the book: the orders are written straight in SQL (each with its hold, the accounts'
 *    lockedBalance matching, so ledger:verify holds), the book loaded from the database as at
 *    boot, then TICKS ticks of the matcher's work without the ticker's HTTP call (the sync read
 *    of changed orders, the expiry heap, the four heap tops), CPU by process.cpuUsage().
 * 2. One price crossing 10,000 BUY LIMIT orders at once: the matcher's pass executes them all
 *    through the trade flow (ORDER_EXECUTION_CONCURRENCY); fills per second, and
 *    trigger-to-commit per order (from the tick that saw the crossing to its trade's completion).
 * Results: bench/results/<date>-<time>-orders.json with the machine and the load average.
 * Options (environment): BENCH_ORDERS_SIZES (default "0,10000,100000"), BENCH_ORDERS_CROSS
 * (default 10000), BENCH_ORDERS_TICKS (default 2000), BENCH_ORDERS_CONCURRENCY (default 8),
 * BENCH_KEEP_DB=1.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { validateEnv } from '@app/shared-types';
import { PrismaClient } from '../generated/prisma/client';
import { CoreConfig } from '../apps/core-engine/src/config';
import { createCoreApp } from '../apps/core-engine/src/create-app';
import { OrderMatcher } from '../apps/core-engine/src/matching/order-matcher.service';
import { Decimal } from '../apps/core-engine/src/money';
import { ensureBank, ensureOmnibus } from '../scripts/db/seed-data';
import { migrate } from '../test/support/test-database';
import { generateApiKey } from '../apps/core-engine/src/auth/api-key-hash';
import { startMockExchange } from '../test/support/mock-exchange-harness';
import { verifyLedger, failedChecks } from '../scripts/ledger/verify-ledger';
import { gitFacts, loadAverage, machineFacts } from './lib/machine';

const ROOT = resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`[bench:orders] ${line}\n`);
const env = process.env;
const SIZES = (env.BENCH_ORDERS_SIZES ?? '0,10000,100000').split(',').map(Number);
const CROSS = Number(env.BENCH_ORDERS_CROSS ?? '10000');
const TICKS = Number(env.BENCH_ORDERS_TICKS ?? '2000');
const CONCURRENCY = env.BENCH_ORDERS_CONCURRENCY ?? '8';
const SERVER = env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ORDERS_PER_USER = 100;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text, values);
  } finally {
    await c.end();
  }
}

/**
 * `count` OPEN BUY LIMIT orders of 10.00 AZN at `limit`, `perUser` per new user, each user
 * holding exactly what its orders hold (balance = lockedBalance = the sum of its pending holds).
 * Written in SQL for speed; every row as the API would write it (the ledger's checks run after).
 */
async function insertOrders(url: string, bankId: string, count: number, limit: string, perUser = ORDERS_PER_USER): Promise<void> {
  const users = Math.ceil(count / perUser);
  const tag = randomUUID().slice(0, 8);
  await sql(
    url,
    `WITH u AS (
       INSERT INTO "User" (id, "bankId", "bankCustomerId") SELECT gen_random_uuid(), $1::uuid, 'bench_' || $2::text || '_' || g FROM generate_series(1, $3::int) g RETURNING id
     ), a AS (
       INSERT INTO "Account" (id, "userId", kind, currency, balance, "lockedBalance", "updatedAt")
       SELECT gen_random_uuid(), u.id, 'USER', c::"Currency", CASE WHEN c = 'AZN' THEN 10 * $4::int ELSE 0 END, CASE WHEN c = 'AZN' THEN 10 * $4::int ELSE 0 END, now()
         FROM u CROSS JOIN (VALUES ('AZN'), ('USDT')) AS cur(c) RETURNING id, "userId", currency
     ), o AS (
       INSERT INTO "Order" (id, "bankId", "userId", "idempotencyKey", "requestHash", side, type, amount, currency, "limitedAzn", "limitPrice", "timeInForce", status, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, u.id, gen_random_uuid()::text, 'bench', 'BUY', 'LIMIT', 10, 'AZN', 10, $5::numeric, 'GTC', 'OPEN',
              now() - interval '1 minute', now() - interval '1 minute'
         FROM u CROSS JOIN generate_series(1, $4::int) RETURNING id, "userId"
     )
     INSERT INTO "Hold" (id, "accountId", "orderId", amount, status)
     SELECT gen_random_uuid(), a.id, o.id, 10, 'PENDING' FROM o JOIN a ON a."userId" = o."userId" AND a.currency = 'AZN'`,
    [bankId, tag, users, perUser, limit],
  );
  // The deposits behind the balances: one balanced DEPOSIT per user (settlement -> user), so the books add up.
  await sql(
    url,
    `WITH s AS (
       INSERT INTO "Account" (id, "bankId", kind, currency, "systemKey", balance, "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, 'BANK_SETTLEMENT', 'AZN', 'SETTLEMENT:' || $1::text || ':AZN', 0, now())
       ON CONFLICT ("systemKey") DO UPDATE SET "systemKey" = EXCLUDED."systemKey" RETURNING id
     ), users AS (
       SELECT u.id AS user_id, a.id AS account_id, a.balance FROM "User" u JOIN "Account" a ON a."userId" = u.id AND a.currency = 'AZN'
        WHERE u."bankCustomerId" LIKE 'bench_' || $2::text || '_%'
     ), t AS (
       INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn", "amountOut", "updatedAt", "completedAt")
       SELECT gen_random_uuid(), $1::uuid, gen_random_uuid()::text, 'bench', user_id, 'DEPOSIT', 'COMPLETED', 'AZN', 'AZN', balance, balance, now(), now() FROM users
       RETURNING id, "userId", "amountIn"
     ), rows AS (
       SELECT t.id AS tx, users.account_id, t."amountIn" AS amount, s.id AS settlement,
              row_number() OVER (ORDER BY t.id) AS n FROM t JOIN users ON users.user_id = t."userId" CROSS JOIN s
     )
     INSERT INTO "Ledger" ("transactionId", "accountId", currency, amount, "balanceAfter")
     SELECT tx, account, 'AZN'::"Currency", amount, after FROM (
       SELECT tx, settlement AS account, -amount AS amount, -(SUM(amount) OVER (ORDER BY n)) AS after, 0 AS leg, n FROM rows
       UNION ALL SELECT tx, account_id, amount, amount, 1, n FROM rows
     ) legs ORDER BY leg, n`,
    [bankId, tag],
  );
  await sql(
    url,
    `UPDATE "Account" s SET balance = -(SELECT COALESCE(SUM(a.balance), 0) FROM "Account" a JOIN "User" u ON u.id = a."userId" WHERE u."bankId" = $1::uuid AND a.currency = 'AZN' AND a.kind = 'USER')
      WHERE s."systemKey" = 'SETTLEMENT:' || $1::text || ':AZN'`,
    [bankId],
  );
}

/** A bank of its own for each batch of orders: its settlement account's rows start from 0. */
function newBank(prisma: PrismaClient): Promise<string> {
  return ensureBank(prisma, { code: `bench-orders-${randomUUID().slice(0, 8)}`, name: 'Bench Orders', apiKey: generateApiKey() });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const started = new Date();
  const name = `bench_orders_${started.getTime()}`;
  const url = withDatabase(SERVER, name);
  await sql(SERVER, `CREATE DATABASE "${name}"`);
  say(`database ${name}`);
  const exchange = await startMockExchange();
  await exchange.reset({ mid: '1.6847' }); // buy rate 1.7100: a BUY LIMIT at 1.7000 waits
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const result: Record<string, unknown> = {};
  try {
    await migrate(url);
    await ensureOmnibus(prisma, 8);
    const pg = new Client({ connectionString: url });
    await pg.connect();
    const pgVersion = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    await pg.end();
    const config = validateEnv(CoreConfig, {
      DATABASE_URL: url,
      EXCHANGE_URL: exchange.url,
      EXCHANGE_TIMEOUT_MS: '5000',
      RECONCILE_INTERVAL_MS: '0',
      ORDER_MATCH_INTERVAL_MS: '0',
      ORDER_EXECUTION_CONCURRENCY: CONCURRENCY,
      TICKER_MAX_AGE_MS: '500',
      DATABASE_POOL_SIZE: env.BENCH_ORDERS_POOL ?? '20',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
      LOG_LEVEL: 'silent',
      METRICS_PORT: '0',
    });

    // 1. CPU per non-triggering tick at each book size.
    const ticks: Record<string, unknown>[] = [];
    let inserted = 0;
    for (const size of SIZES) {
      if (size > inserted) {
        const t0 = Date.now();
        await insertOrders(url, await newBank(prisma), size - inserted, '1.6000');
        say(`${size - inserted} orders written in ${Date.now() - t0} ms`);
        inserted = size;
      }
      const app = await createCoreApp(config);
      await app.init();
      const matcher = app.get(OrderMatcher);
      const loadStart = process.hrtime.bigint();
      await matcher.sync();
      const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
      const prices = { ask: new Decimal('1.6847'), bid: new Decimal('1.6847') };
      for (let i = 0; i < 200; i++) {
        await matcher.sync();
        await matcher.onPrices(prices);
      }
      const cpu0 = process.cpuUsage();
      const wall0 = process.hrtime.bigint();
      let syncCpu = 0;
      for (let i = 0; i < TICKS; i++) {
        const s0 = process.cpuUsage();
        await matcher.sync();
        const s = process.cpuUsage(s0);
        syncCpu += s.user + s.system;
        const report = await matcher.onPrices(prices);
        if (report.crossed) throw new Error('a non-triggering tick triggered');
      }
      const cpu = process.cpuUsage(cpu0);
      const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
      const bookOnly0 = process.cpuUsage();
      for (let i = 0; i < TICKS * 10; i++) matcher.book.crossed(prices);
      const bookOnly = process.cpuUsage(bookOnly0);
      const row = {
        openOrders: size,
        bookSize: matcher.book.size,
        bookLoadMs: Math.round(loadMs),
        ticks: TICKS,
        cpuUsPerTick: Math.round((cpu.user + cpu.system) / TICKS),
        syncCpuUsPerTick: Math.round(syncCpu / TICKS),
        bookCpuUsPerTick: Number(((bookOnly.user + bookOnly.system) / (TICKS * 10)).toFixed(3)),
        wallMsPerTick: Number((wallMs / TICKS).toFixed(3)),
        heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
      };
      say(JSON.stringify(row));
      ticks.push(row);
      await app.close();
    }
    result.nonTriggeringTicks = ticks;

    // 2. One price crossing CROSS orders at 1.7000 (the others, at 1.6000, stay OPEN).
    const crossBank = await newBank(prisma);
    // One order per customer: orders of one customer execute one after the other (each trade
    // version-checks the customer's account), which would measure that, not the matcher.
    await insertOrders(url, crossBank, CROSS, '1.7000', 1);
    const app = await createCoreApp(config);
    await app.init();
    const matcher = app.get(OrderMatcher);
    await matcher.sync();
    await exchange.reset({ mid: '1.6700' }); // buy rate 1.6951 <= 1.7000
    say(`crossing ${CROSS} orders (book ${matcher.book.size}), concurrency ${CONCURRENCY}`);
    const crossedAt = new Date();
    const load0 = loadAverage();
    const report = await matcher.runOnce();
    const seconds = (Date.now() - crossedAt.getTime()) / 1000;
    const filled = await prisma.order.findMany({
      where: { bankId: crossBank, status: 'FILLED' },
      select: { triggeredAt: true, transaction: { select: { completedAt: true } } },
    });
    const latencies = filled.map((o) => (o.transaction?.completedAt as Date).getTime() - crossedAt.getTime()).sort((a, b) => a - b);
    const claimLatencies = filled.map((o) => (o.triggeredAt as Date).getTime() - crossedAt.getTime()).sort((a, b) => a - b);
    result.crossing = {
      orders: CROSS,
      otherOpenOrders: matcher.book.size,
      concurrency: Number(CONCURRENCY),
      outcomes: report.outcomes,
      filled: filled.length,
      seconds: Number(seconds.toFixed(1)),
      fillsPerSecond: Number((filled.length / seconds).toFixed(1)),
      triggerToCommitMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? null },
      triggerToClaimMs: { p50: percentile(claimLatencies, 50), p99: percentile(claimLatencies, 99) },
      loadAverageBefore: load0,
      loadAverageAfter: loadAverage(),
    };
    say(JSON.stringify(result.crossing));
    await app.close();

    const ledger = await verifyLedger(url, { maxPendingAgeMs: 3_600_000 });
    result.ledgerChecksFailed = failedChecks(ledger).map((c) => c.id);
    say(`ledger:verify: ${failedChecks(ledger).length} checks failed`);
    result.machine = { ...machineFacts(pgVersion), loadAverage: loadAverage() };
    result.git = gitFacts(ROOT);
    result.startedAt = started.toISOString();
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const p = (n: number) => String(n).padStart(2, '0');
    const file = join(
      dir,
      `${started.getUTCFullYear()}-${p(started.getUTCMonth() + 1)}-${p(started.getUTCDate())}-${p(started.getUTCHours())}${p(started.getUTCMinutes())}-orders.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`wrote ${file}`);
  } finally {
    await prisma.$disconnect();
    await exchange.close();
    if (!env.BENCH_KEEP_DB) await sql(SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[bench:orders] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
