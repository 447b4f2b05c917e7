/**
 * bench:proofs --during-buys --jobs-in process: the snapshot and checkpoint use cases in a process
 * of their own (as `npm run admin -- proofs:snapshot` runs them), loaded and connected before the
 * step, so the step measures the job and not a start-up. Reads one command a line on stdin
 * ("snapshot <bankCode>", "checkpoint"), answers "done <ms>" or "failed <message>".
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { Registry } from 'prom-client';
import { PrismaService } from '../../libs/database/src';
import { validateEnv } from '../../libs/shared-types/src';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import type { MetricsService } from '../../apps/core-engine/src/metrics';
import { ReservesService } from '../../apps/core-engine/src/proofs/reserves/reserves.service';
import { TakeLiabilitySnapshotUseCase } from '../../apps/core-engine/src/proofs/snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../../apps/core-engine/src/proofs/checkpoint/take-ledger-checkpoint.use-case';
import type { ExchangeClient } from '../../apps/core-engine/src/exchange';
import { MockVenue } from '../../apps/core-engine/src/exchange/mock/mock-venue';

const config = validateEnv(CoreConfig, { ...process.env, LOG_LEVEL: 'warn' });
const prisma = new PrismaService(config.DATABASE_URL, 4);
const audit = new AuditTrail(prisma);
const metrics = { registry: new Registry() } as unknown as MetricsService;
// The reserves read of the Core Engine's mock venue (the bench runs the Mock Exchange), without the rest of the exchange port.
const venue = new MockVenue(axios.create({ baseURL: config.EXCHANGE_URL, timeout: config.EXCHANGE_TIMEOUT_MS }), config.EXCHANGE_RECV_WINDOW_MS);
const exchange = { accountBalances: () => venue.accountBalances() } as unknown as ExchangeClient;
const snapshots = new TakeLiabilitySnapshotUseCase(prisma, config, audit, new ReservesService(prisma, exchange, metrics));
const checkpoints = new TakeLedgerCheckpointUseCase(prisma, config, audit);
const actor = { id: 'cli:bench' };

void prisma.$connect().then(() => {
  process.stdout.write('ready\n');
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [what, arg] = line.trim().split(' ');
    const t = performance.now();
    const job = what === 'snapshot' ? snapshots.take(arg, actor) : checkpoints.take(actor);
    job.then(
      () => process.stdout.write(`done ${Math.round(performance.now() - t)}\n`),
      (err: unknown) => process.stdout.write(`failed ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
});
