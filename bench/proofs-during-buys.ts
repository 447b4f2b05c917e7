/**
 * `npm run bench:proofs -- --during-buys [--big-bank 300000] [--clients 16] [--seconds 10] [--jobs-in core|process] [--no-build] [--write]`:
 * buys/s with and without a liabilities snapshot or a ledger checkpoint running (issue 26: "the
 * bench shows buys/s unchanged while a checkpoint runs"), in one sitting, as ratios.
 *
 * One Core Engine from dist/ with the production node flags (--max-old-space-size=192), its
 * admin surface on a port of its own, the Mock Exchange, a fresh database: the bench bank with
 * 2,000 users who buy, and a second bank of N customers (seeded in SQL, an AZN and a USDT
 * account each with a deposit's ledger row) whose snapshot and whose ledger rows are the work.
 * Steps of `--seconds` at `--clients`: quiet, during snapshots (taken back to back through the
 * admin API until the step ends), quiet, during ledger checkpoints (back to back over the
 * backlog of every seeded row, CHECKPOINT_MAX_ROWS a checkpoint), quiet. The jobs run in the Core Engine (`--jobs-in core`, the default: its admin API, as
 * the daily scheduler runs them) or in a process of their own (`process`: bench/lib/proofs-job.ts,
 * as `npm run admin` runs them). Each job step is compared with the mean of the quiet steps around it. The
 * load average is recorded with each step. Nothing here asserts a number.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { createInterface } from 'node:readline';
import { Processes } from '../scripts/demo/processes';
import { waitForHttp } from '../scripts/demo/wait';
import { apiKeyPrefix, hashApiKey } from '../apps/core-engine/src/auth/api-key-hash';
import { generateOperatorKey } from '../apps/core-engine/src/admin/operators/operator-keys.service';
import { BankStub } from './lib/bank-stub';
import { BuyTarget, loadBuys, LoadResult } from './lib/core-load';
import { createDatabase, dropDatabase, seed, serverVersion } from './lib/database';
import { loadAverage, machineFacts } from './lib/machine';
import { round } from './lib/latency';

const ROOT = resolve(__dirname, '..');
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BIG_BANK = '00000000-0000-4000-8000-00000000b1b1';
const say = (line: string) => process.stdout.write(`[bench:proofs --during-buys] ${line}\n`);
const mainJs = (app: string) => join(ROOT, `dist/apps/${app}/apps/${app}/src/main.js`);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The second bank: N customers, each an AZN and a USDT account with one deposit's ledger row (as bench/proofs-db.ts). */
async function seedBigBank(url: string, n: number): Promise<void> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    await pg.query(`
      INSERT INTO "Bank"(id, code, name) VALUES ('${BIG_BANK}', 'big-bank', 'Big Bank');
      INSERT INTO "User"(id, "bankId", "bankCustomerId")
        SELECT md5('u' || i)::uuid, '${BIG_BANK}', 'customer_' || i FROM generate_series(1, ${n}) i;
      INSERT INTO "Account"(id, "userId", currency, balance)
        SELECT md5('a' || i || c)::uuid, md5('u' || i)::uuid, c::"Currency", CASE WHEN c = 'AZN' THEN (i % 10000) / 100.0 ELSE (i % 977) / 10.0 END
          FROM generate_series(1, ${n}) i, unnest(ARRAY['AZN', 'USDT']) c;
      INSERT INTO "Transaction"(id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut", "amountIn", "amountOut")
        VALUES ('00000000-0000-4000-8000-0000000000ff', '${BIG_BANK}', 'seed', 'seed', md5('u1')::uuid, 'DEPOSIT', 'COMPLETED', 'AZN', 'AZN', 0, 0);
      INSERT INTO "Ledger"("transactionId", "accountId", currency, amount, "balanceAfter")
        SELECT '00000000-0000-4000-8000-0000000000ff', a.id, a.currency, a.balance, a.balance
          FROM "Account" a JOIN "User" u ON u.id = a."userId" WHERE u."bankId" = '${BIG_BANK}' AND a.balance <> 0;
      ANALYZE;`);
  } finally {
    await pg.end();
  }
}

/** An operator key straight in the database (the admin surface's guard reads the hash and prefix). */
async function operatorKey(url: string): Promise<string> {
  const key = generateOperatorKey();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    await prisma.operatorKey.create({ data: { name: 'bench', role: 'OPERATOR', keyHash: hashApiKey(key), prefix: apiKeyPrefix(key) } });
  } finally {
    await prisma.$disconnect();
  }
  return key;
}

interface Step {
  name: string;
  load: LoadResult;
  loadAverage: number[];
  job?: { runs: number; msEach: number[]; stillRunningAtStepEnd: boolean; errors: string[] };
}

export async function benchProofsDuringBuys(): Promise<void> {
  const bigBank = arg('big-bank', 300_000);
  const clients = arg('clients', 16);
  const seconds = arg('seconds', 10);
  const jobsIn = process.argv.includes('process') && process.argv[process.argv.indexOf('process') - 1] === '--jobs-in' ? 'process' : 'core';
  const started = new Date();
  const runId = started.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const procs = new Processes(join(ROOT, '.data/bench', `proofs-during-buys-${runId}`));
  const dbName = `bench_proofs_buys_${started.getTime()}`;
  let bank: BankStub | undefined;
  let jobProcess: ChildProcess | undefined;
  try {
    if (!process.argv.includes('--no-build'))
      for (const app of ['core-engine', 'mock-exchange'])
        await procs.run(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], process.env);
    for (const app of ['core-engine', 'mock-exchange']) if (!existsSync(mainJs(app))) throw new Error(`${mainJs(app)} is missing: run npm run build`);
    const url = await createDatabase(SERVER, dbName);
    await procs.run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/db/migrate.ts'], { ...process.env, DATABASE_URL: url });
    const secret = `bench-secret-${started.getTime()}`;
    bank = await BankStub.start(secret);
    const seeded = await seed(url, {
      users: 2000,
      balance: '1000000.00',
      omnibusSubAccounts: 1,
      callbackUrl: bank.url,
      webhookUrl: null,
      webhookSecret: secret,
      kycLimits: false,
      buyAmount: '10.00',
    });
    const s0 = performance.now();
    await seedBigBank(url, bigBank);
    say(`seeded the bench bank (2,000 users) and big-bank (${bigBank} customers) in ${Math.round(performance.now() - s0)} ms`);
    const adminKey = await operatorKey(url);

    const exchangePort = await freePort();
    const exchange = procs.start('mock-exchange', process.execPath, [mainJs('mock-exchange')], {
      ...process.env,
      MOCK_EXCHANGE_PORT: String(exchangePort),
      MOCK_EXCHANGE_ADMIN_KEY: 'bench-admin-key',
      MOCK_EXCHANGE_ORDERS_FILE: '',
      MOCK_EXCHANGE_SEED: '42',
      MOCK_EXCHANGE_VOLATILITY: '0.00002',
      LOG_LEVEL: 'silent',
    });
    const exchangeUrl = `http://127.0.0.1:${exchangePort}`;
    await waitForHttp(`${exchangeUrl}/health`, 60_000, () => exchange.exitCode === null);

    const [port, adminPort] = [await freePort(), await freePort()];
    const privateKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const core = procs.start('core-engine', process.execPath, ['--max-old-space-size=192', mainJs('core-engine')], {
      ...process.env,
      CORE_ENGINE_PORT: String(port),
      ADMIN_PORT: String(adminPort),
      DATABASE_URL: url,
      EXCHANGE_URL: exchangeUrl,
      EXCHANGE_TIMEOUT_MS: '5000',
      BANK_ACK_TIMEOUT_MS: '3000',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      PROOF_SNAPSHOT_INTERVAL_MS: '0',
      LEDGER_CHECKPOINT_PRIVATE_KEY: privateKey,
      LEDGER_CHECKPOINT_SETTLE_MS: '0',
    });
    await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, () => core.exitCode === null);
    const target: BuyTarget = {
      url: `http://127.0.0.1:${port}`,
      apiKey: seeded.apiKey,
      customers: seeded.users.map((u) => u.bankCustomerId),
      amount: '10.00',
    };
    const viaAdminApi = (path: string) =>
      fetch(`http://127.0.0.1:${adminPort}/admin/v1/${path}`, { method: 'POST', headers: { 'x-operator-key': adminKey } }).then(async (r) => {
        if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
      });
    let viaProcess: ((command: string) => Promise<void>) | undefined;
    if (jobsIn === 'process') {
      const child = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', join(__dirname, 'lib/proofs-job.ts')], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          EXCHANGE_URL: exchangeUrl,
          LEDGER_CHECKPOINT_PRIVATE_KEY: privateKey,
          LEDGER_CHECKPOINT_SETTLE_MS: '0',
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      jobProcess = child;
      const lines = createInterface({ input: child.stdout });
      const waiting: ((line: string) => void)[] = [];
      // The job's own log lines go to stdout too: only the protocol's answers are answers.
      lines.on('line', (line) => /^(ready|done|failed)\b/.test(line) && waiting.shift()?.(line));
      const next = () => new Promise<string>((r) => waiting.push(r));
      if ((await next()) !== 'ready') throw new Error('the proofs job process did not start');
      viaProcess = async (command) => {
        const answer = next();
        child.stdin.write(`${command}\n`);
        const line = await answer;
        if (!line.startsWith('done')) throw new Error(line);
      };
    }
    const snapshotJob = () => (viaProcess ? viaProcess('snapshot big-bank') : viaAdminApi('banks/big-bank/liability-snapshots'));
    const checkpointJob = () => (viaProcess ? viaProcess('checkpoint') : viaAdminApi('ledger/checkpoints'));

    say(`warm-up: 5 s at ${clients} clients, then steps of ${seconds} s`);
    await loadBuys(target, clients, 5);
    const steps: Step[] = [];
    const quiet = async (name: string) => {
      const load = await loadBuys(target, clients, seconds);
      steps.push({ name, load, loadAverage: loadAverageNow() });
      say(`${name}: ${load.perSecond} buys/s, p99 ${load.latency.p99} ms, ${load.errors} errors; load ${loadAverageNow().join(' ')}`);
    };
    /** Load while `job` runs again and again until the step ends (`once`: one run only). */
    const during = async (name: string, job: () => Promise<void>, once: boolean) => {
      const msEach: number[] = [];
      const errors: string[] = [];
      let stop = false;
      let running = true;
      const jobs = (async () => {
        do {
          const t = performance.now();
          await job().catch((err: unknown) => errors.push(err instanceof Error ? err.message : String(err)));
          msEach.push(Math.round(performance.now() - t));
        } while (!stop && !once && errors.length === 0);
        running = false;
      })();
      await new Promise((r) => setTimeout(r, 200)); // the job has begun reading before the load's clock starts
      const load = await loadBuys(target, clients, seconds);
      const stillRunningAtStepEnd = running;
      stop = true;
      await jobs;
      steps.push({ name, load, loadAverage: loadAverageNow(), job: { runs: msEach.length, msEach, stillRunningAtStepEnd, errors } });
      say(
        `${name}: ${load.perSecond} buys/s, p99 ${load.latency.p99} ms, ${load.errors} errors; job ${msEach.join(', ')} ms` +
          `${stillRunningAtStepEnd ? ' (still running when the step ended)' : ''}${errors.length ? `, failed: ${errors[0]}` : ''}; load ${loadAverageNow().join(' ')}`,
      );
    };
    await quiet('quiet 1');
    await during('during liability snapshots of big-bank', snapshotJob, false);
    await quiet('quiet 2');
    await during('during ledger checkpoints', checkpointJob, false);
    await quiet('quiet 3');

    const rate = (name: string) => steps.find((s) => s.name === name)!.load.perSecond;
    const ratio = (job: string, a: string, b: string) => Math.round((rate(job) / ((rate(a) + rate(b)) / 2)) * 1000) / 1000;
    const results = {
      kind: 'proofs-during-buys',
      at: started.toISOString(),
      machine: machineFacts(await serverVersion(SERVER)),
      loadAverageAtEnd: loadAverage(),
      coreEngineAlive: core.exitCode === null,
      settings: {
        jobsIn,
        bigBankCustomers: bigBank,
        benchUsers: 2000,
        clients,
        secondsPerStep: seconds,
        coreNodeFlags: ['--max-old-space-size=192'],
      },
      steps,
      ratios: {
        duringSnapshotToQuiet: ratio('during liability snapshots of big-bank', 'quiet 1', 'quiet 2'),
        duringCheckpointToQuiet: ratio('during ledger checkpoints', 'quiet 2', 'quiet 3'),
      },
    };
    say(`ratios to the quiet steps around: ${JSON.stringify(results.ratios)}`);
    if (process.argv.includes('--write')) {
      const dir = join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `proofs-during-buys-${runId}.json`), `${JSON.stringify(results, null, 2)}\n`);
    }
    if (core.exitCode !== null) throw new Error(`the Core Engine exited (${core.exitCode}): see ${procs.logPath('core-engine')}`);
  } finally {
    jobProcess?.kill();
    await procs.stopAll();
    await bank?.close();
    await dropDatabase(SERVER, dbName).catch(() => undefined);
  }
}

function loadAverageNow(): number[] {
  return os.loadavg().map((l) => round(l, 2));
}
