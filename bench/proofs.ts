/**
 * `npm run bench:proofs [-- --customers 1000000] [--db [--db-customers 100000]] [--write]`: the liabilities tree at size (issue 26).
 * `npm run bench:proofs -- --during-buys ...`: buys/s while snapshots and a checkpoint run (bench/proofs-during-buys.ts).
 * Builds the tree of N customers in this process (salts and customer hashes included, from
 * balances made up here: the database read is not part of this figure), then serves and
 * verifies proofs of 1,000 positions spread over the tree. Prints and writes
 * bench/results/proofs-<date>-<time>.json with the machine described. Nothing here asserts a
 * time; the results say what was measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  customerSalt,
  inclusionPath,
  MerkleSumTreeBuilder,
  nodeRecord,
  proofDocument,
  SaltDeriver,
  verifyLiabilityProof,
} from '../apps/core-engine/src/proofs/tree';
import { machineFacts } from './lib/machine';
import { benchProofsOnDatabase } from './proofs-db';
import { benchProofsDuringBuys } from './proofs-during-buys';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const N = arg('customers', 1_000_000);
const SAMPLES = 1000;
const SNAPSHOT = '33333333-3333-4333-8333-333333333333';
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  if (process.argv.includes('--during-buys')) return benchProofsDuringBuys();
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const watch = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const builder = new MerkleSumTreeBuilder(N);
  const salts = new SaltDeriver('bench-secret', SNAPSHOT);
  for (let i = 0; i < N; i++) {
    const id = `customer_${i}`;
    builder.add(salts.customerHash(id), [BigInt(i) * 1_000_000n, BigInt(i % 977) * 12_345_678n]);
    if ((i & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const tree = builder.build();
  const buildMs = performance.now() - t0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  clearInterval(watch);

  const serve: number[] = [];
  const verify: number[] = [];
  let invalid = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const position = Math.floor((k * (N - 1)) / (SAMPLES - 1));
    const id = `customer_${position}`;
    const s0 = performance.now();
    const doc = proofDocument(
      { bankCode: 'bench', snapshotId: SNAPSHOT, takenAt: new Date() },
      tree,
      { bankUserId: id, salt: customerSalt('bench-secret', SNAPSHOT, id), position, leafRecord: nodeRecord(tree.levels[0], 0, position) },
      inclusionPath(tree, position),
    );
    const text = JSON.stringify(doc);
    const s1 = performance.now();
    const check = verifyLiabilityProof(JSON.parse(text));
    const s2 = performance.now();
    if (!check.valid) invalid++;
    serve.push(s1 - s0);
    verify.push(s2 - s1);
  }
  const result = {
    kind: 'proofs',
    at: new Date().toISOString(),
    machine: machineFacts('not used'),
    customers: N,
    height: tree.height,
    build: { ms: ms(buildMs), peakRssMB: Math.round(peakRss / 2 ** 20), rssBeforeMB: Math.round(rssBefore / 2 ** 20) },
    proofFromTreeInMemory: { samples: SAMPLES, p50Ms: ms(percentile(serve, 50)), p99Ms: ms(percentile(serve, 99)), maxMs: ms(Math.max(...serve)) },
    verify: { samples: SAMPLES, invalid, p50Ms: ms(percentile(verify, 50)), p99Ms: ms(percentile(verify, 99)), maxMs: ms(Math.max(...verify)) },
  };
  const database = process.argv.includes('--db') ? await benchProofsOnDatabase(arg('db-customers', 100_000)) : 'not run (--db)';
  const full = { ...result, database };
  process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  if (process.argv.includes('--write')) {
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = result.at.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    writeFileSync(join(dir, `proofs-${stamp}.json`), `${JSON.stringify(full, null, 2)}\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:proofs failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
