/**
 * `npm run bench:proofs -- --db [--customers 100000]`'s second half, on a real PostgreSQL: a fresh
 * database seeded straight in SQL (N customers of one bank, each an AZN and a USDT account and
 * a deposit's ledger row per account), then the whole snapshot (REPEATABLE READ read, tree,
 * ledger check, storage) timed, then 1,000 proofs served through LiabilityProofUseCase (the
 * route's code, without HTTP) and verified. The database is dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { PrismaService } from '../libs/database/src';
import { validateEnv } from '../libs/shared-types/src';
import { CoreConfig } from '../apps/core-engine/src/config';
import { AuditTrail } from '../apps/core-engine/src/admin/audit/audit-trail.service';
import { ReservesService } from '../apps/core-engine/src/proofs/reserves/reserves.service';
import type { MetricsService } from '../apps/core-engine/src/metrics';
import type { ExchangeClient } from '../apps/core-engine/src/exchange';
import { TakeLiabilitySnapshotUseCase } from '../apps/core-engine/src/proofs/snapshot/take-liability-snapshot.use-case';
import { LiabilityProofUseCase } from '../apps/core-engine/src/proofs/serve/liability-proof.use-case';
import { verifyLiabilityProof } from '../apps/core-engine/src/proofs/tree';
import { createDatabase, dropDatabase } from './lib/database';

/** The bench has no venue: the snapshot's reserves read fails fast and is left out (null), as with a venue down. */
const NO_VENUE = { accountBalances: () => Promise.reject(new Error('no venue in the bench')) } as unknown as ExchangeClient;

const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => Math.round(x * 1000) / 1000;

export async function benchProofsOnDatabase(n: number) {
  const name = `bench_proofs_${Date.now()}`;
  const url = await createDatabase(SERVER, name);
  const prisma = new PrismaService(url, 4);
  try {
    execFileSync(process.execPath, [join(__dirname, '../node_modules/tsx/dist/cli.mjs'), join(__dirname, '../scripts/db/migrate.ts')], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    });
    const pg = new Client({ connectionString: url });
    pg.on('error', () => undefined);
    await pg.connect();
    const s0 = performance.now();
    await pg.query(`
      INSERT INTO "Bank"(id, code, name) VALUES ('00000000-0000-4000-8000-000000000001', 'bench', 'Bench');
      INSERT INTO "User"(id, "bankId", "bankCustomerId")
        SELECT md5('u' || i)::uuid, '00000000-0000-4000-8000-000000000001', 'customer_' || i FROM generate_series(1, ${n}) i;
      INSERT INTO "Account"(id, "userId", currency, balance)
        SELECT md5('a' || i || c)::uuid, md5('u' || i)::uuid, c::"Currency", CASE WHEN c = 'AZN' THEN (i % 10000) / 100.0 ELSE (i % 977) / 10.0 END
          FROM generate_series(1, ${n}) i, unnest(ARRAY['AZN', 'USDT']) c;
      INSERT INTO "Transaction"(id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn", "amountOut")
        VALUES ('00000000-0000-4000-8000-0000000000ff', '00000000-0000-4000-8000-000000000001', 'seed', 'seed', md5('u1')::uuid, 'DEPOSIT', 'COMPLETED', 'AZN', 'AZN', 0, 0);
      INSERT INTO "Ledger"("transactionId", "accountId", currency, amount, "balanceAfter")
        SELECT '00000000-0000-4000-8000-0000000000ff', a.id, a.currency, a.balance, a.balance FROM "Account" a WHERE a.balance <> 0;
      ANALYZE;`);
    const seedMs = performance.now() - s0;
    await pg.end();

    const config = validateEnv(CoreConfig, { DATABASE_URL: url, EXCHANGE_URL: 'http://127.0.0.1:9', EXCHANGE_TIMEOUT_MS: '50', LOG_LEVEL: 'silent' });
    const metrics = { registry: new Registry() } as unknown as MetricsService;
    const snapshots = new TakeLiabilitySnapshotUseCase(prisma, config, new AuditTrail(prisma), new ReservesService(prisma, NO_VENUE, metrics));
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const snapshot = await snapshots.take('bench', 'daily');
    const snapshotMs = performance.now() - t0;
    clearInterval(watch);

    const proofs = new LiabilityProofUseCase(prisma, config);
    const bank = { id: '00000000-0000-4000-8000-000000000001', code: 'bench' };
    for (let i = 0; i < 50; i++) await proofs.proof(bank, `customer_${1 + i}`); // warm-up (plans, pool)
    const serve: number[] = [];
    const verify: number[] = [];
    let invalid = 0;
    for (let k = 0; k < 1000; k++) {
      const id = `customer_${1 + Math.floor((k * (n - 1)) / 999)}`;
      const a = performance.now();
      const doc = await proofs.proof(bank, id);
      const text = JSON.stringify({ success: true, data: doc });
      const b = performance.now();
      if (!verifyLiabilityProof((JSON.parse(text) as { data: typeof doc }).data).valid) invalid++;
      const c = performance.now();
      serve.push(b - a);
      verify.push(c - b);
    }
    return {
      customers: n,
      seedMs: Math.round(seedMs),
      snapshot: {
        totalMs: Math.round(snapshotMs),
        peakRssMB: Math.round(peak / 2 ** 20),
        leafCount: snapshot.leafCount,
        height: snapshot.height,
        totals: snapshot.totals,
      },
      proofServedFromDatabase: { samples: 1000, p50Ms: ms(pct(serve, 50)), p99Ms: ms(pct(serve, 99)), maxMs: ms(Math.max(...serve)) },
      verify: { samples: 1000, invalid, p50Ms: ms(pct(verify, 50)), p99Ms: ms(pct(verify, 99)) },
    };
  } finally {
    await prisma.$disconnect();
    await dropDatabase(SERVER, name);
  }
}
