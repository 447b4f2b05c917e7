/**
 * `npm run bench [-- options]` (issue 7): the buy flow under load on a real PostgreSQL.
 *
 * A fresh database (bench_<timestamp>) is migrated and seeded (users with AZN, straight in
 * SQL), the Mock Exchange and the Core Engine start from dist/ as child processes, and
 * autocannon drives POST /api/v1/trade/buy at each concurrency for a fixed time. Then the
 * ledger invariants run over the result, and the same run measures two baselines: (a) the
 * database alone doing a buy's writes in two one-round-trip SQL functions, (b) the Mock
 * Exchange alone. Before the load, a short phase watches a few buys on the wire (round
 * trips, transactions, lock windows). Results: bench/results/<date>-<time>.json and .svg.
 * Every process started here is stopped at the end, on a failure and on Ctrl-C; the
 * database is dropped unless --keep-db. `npm run bench -- --help` lists the options.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Processes } from '../scripts/demo/processes';
import { waitForHttp } from '../scripts/demo/wait';
import { AgentClient } from './lib/agent-client';
import { BankStub } from './lib/bank-stub';
import { chartSvg } from './lib/chart';
import { BuyTarget, loadBuys, sequentialBuys } from './lib/core-load';
import {
  backendPids,
  benchBuyLimits,
  createDatabase,
  dropDatabase,
  ledgerViolations,
  seed,
  Seeded,
  serverVersion,
  tradeCounts,
  waitUntilSettled,
} from './lib/database';
import { ExchangeResult, runExchange } from './lib/exchange-baseline';
import { round } from './lib/latency';
import { CpuWatch, gitFacts, loadAverage, machineFacts, MemoryWatch, waitForQuiet } from './lib/machine';
import { BenchOptions, parseOptions } from './lib/options';
import { PgActivitySampler } from './lib/pg-activity';
import { summariseProfile } from './lib/profile-summary';
import { installRawFunctions, RawResult, runRaw } from './lib/raw-baseline';
import {
  BaselineStep,
  checkTargets,
  ComparedRun,
  comparedTable,
  CoreStep,
  cpuMsPerBuy,
  cpuTable,
  ratiosTo,
  resultsTable,
  TARGETS,
} from './lib/report';
import { analyseLoad, analyseSequential, LoadTrace, SequentialTrace } from './lib/trace-analysis';
import { HttpWireTrace, PgWireTrace } from './lib/wire-trace';

const ROOT = resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const MB = (kib: number) => round((kib * 1024) / 1e6, 0);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function newestSource(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (/\.(ts|json)$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

const mainJs = (app: string) => join(ROOT, `dist/apps/${app}/apps/${app}/src/main.js`);

/** dist/ is stale when a source of the app (or of what it compiles in) is newer than its main.js. */
function needsBuild(app: string): boolean {
  const out = mainJs(app);
  if (!existsSync(out)) return true;
  return (
    newestSource([`apps/${app}/src`, 'libs', 'generated/prisma', 'tsconfig.json', `apps/${app}/tsconfig.app.json`].map((p) => join(ROOT, p))) >
    statSync(out).mtimeMs
  );
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  return exited.finally(() => clearTimeout(timer));
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

interface Context {
  opts: BenchOptions;
  procs: Processes;
  url: string;
  dbName: string;
  seeded: Seeded;
  exchangeUrl: string;
  exchangePid: number;
  runId: string;
}

function coreEnv(ctx: Context, port: number, databaseUrl: string, exchangeUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CORE_ENGINE_PORT: String(port),
    DATABASE_URL: databaseUrl,
    EXCHANGE_URL: exchangeUrl,
    EXCHANGE_TIMEOUT_MS: '5000',
    BANK_ACK_TIMEOUT_MS: '3000',
    // The bench is one bank's key driving the whole machine: the per-key limit (default 200
    // requests/s) would answer 429 long before the engine's own limit, which is what is measured.
    RATE_LIMIT_PER_SECOND: '0',
    // Every request comes from loopback: the per-address limit would cap the load as well.
    RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
    // No scrape endpoint: a second Core Engine (the trace's, then the load's) needs no port of its own.
    METRICS_PORT: '0',
    // Warnings and errors only (a PENDING trade says why); the per-trade log lines are off.
    LOG_LEVEL: 'warn',
    ...extra,
  };
  if (ctx.opts.poolSize !== undefined) env.DATABASE_POOL_SIZE = String(ctx.opts.poolSize);
  if (ctx.opts.coreLogs) delete env.LOG_LEVEL;
  return env;
}

async function startCore(ctx: Context, name: string, databaseUrl: string, exchangeUrl: string, agentPort?: number) {
  const port = await freePort();
  // The production start command's node flags (memory limits), then the bench's agent.
  const agent = agentPort ? ['-r', join(ROOT, 'bench/lib/core-agent.cjs')] : [];
  const args = [...ctx.opts.coreNodeFlags, ...agent, mainJs('core-engine')];
  const extra = agentPort ? { BENCH_AGENT_PORT: String(agentPort), BENCH_PROFILE_DIR: join(ROOT, 'bench/profiles', ctx.runId) } : {};
  const child = ctx.procs.start(name, process.execPath, args, coreEnv(ctx, port, databaseUrl, exchangeUrl, extra));
  await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, () => child.exitCode === null);
  const target: BuyTarget = {
    url: `http://127.0.0.1:${port}`,
    apiKey: ctx.seeded.apiKey,
    customers: ctx.seeded.users.map((u) => u.bankCustomerId),
    amount: ctx.opts.buyAmount,
  };
  return { child, target };
}

/** A few buys watched on the wire: one at a time, then a burst at the top concurrency. */
async function traceOnTheWire(ctx: Context): Promise<{ sequential: SequentialTrace | null; load: LoadTrace | null }> {
  const server = new URL(ctx.url);
  const pg = new PgWireTrace({ host: server.hostname, port: Number(server.port || 5432) });
  const exchange = new URL(ctx.exchangeUrl);
  const http = new HttpWireTrace({ host: exchange.hostname, port: Number(exchange.port) });
  const pgPort = await pg.listen();
  const httpPort = await http.listen();
  const proxied = new URL(ctx.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(pgPort);
  const omnibus = new Set([...ctx.seeded.omnibus.AZN, ...ctx.seeded.omnibus.USDT]);
  const { child, target } = await startCore(ctx, 'core-engine-trace', proxied.toString(), `http://127.0.0.1:${httpPort}`);
  try {
    await sequentialBuys(target, 20, () => performance.now()); // warm-up: JIT, pool, caches
    let sequential: SequentialTrace | null = null;
    if (ctx.opts.traceBuys > 0) {
      pg.recording = http.recording = true;
      const { windows, failures } = await sequentialBuys(target, ctx.opts.traceBuys, () => performance.now());
      pg.recording = http.recording = false;
      if (failures.length) say(`trace: ${failures.length} buys failed, first: ${failures[0]}`);
      sequential = analyseSequential(windows, pg.trips.splice(0), http.exchanges.splice(0), omnibus);
      say(
        `trace, one buy at a time: ${sequential.roundTripsPerBuy} database round trips per buy ` +
          `(${sequential.transactionsPerBuy} transactions + ${sequential.autocommitStatementsPerBuy} statements outside), ` +
          `${Object.entries(sequential.exchangeCallsPerBuy)
            .map(([k, v]) => `${v} × ${k}`)
            .join(', ')}; ` +
          `mean ${sequential.meanMs.total} ms = database ${sequential.meanMs.database} + exchange ${sequential.meanMs.exchange} + core ${sequential.meanMs.coreEngine}`,
      );
    }
    let load: LoadTrace | null = null;
    if (ctx.opts.traceLoadS > 0) {
      const top = Math.max(...ctx.opts.concurrencies);
      pg.recording = http.recording = true;
      const burst = await loadBuys(target, top, ctx.opts.traceLoadS);
      pg.recording = http.recording = false;
      load = analyseLoad(top, burst.seconds, burst.completed, pg.trips.splice(0), http.exchanges.splice(0), omnibus);
      await settle(ctx, 'the traced burst');
      if (load.postingTransaction.ms.count === 0) {
        say(`trace, ${top} clients through the proxies: no posting transaction finished within ${burst.seconds} s`);
      } else {
        say(
          `trace, ${top} clients through the proxies: posting transaction p50 ${load.postingTransaction.ms.p50} ms; ` +
            `omnibus row lock waited for p50 ${load.postingTransaction.omnibusWaitMs.p50} ms, then held p50 ${load.postingTransaction.omnibusLockMs.p50} / ` +
            `p95 ${load.postingTransaction.omnibusLockMs.p95} ms; ${Math.round(load.postingTransaction.waitingOnCoreShare * 100)}% of the posting ` +
            `transaction's time the database waits for the Core Engine`,
        );
      }
    }
    return { sequential, load };
  } finally {
    await stopChild(child);
    await pg.close();
    await http.close();
  }
}

/** After a load step the server still works through what was in flight: wait for it. */
async function settle(ctx: Context, what: string): Promise<number> {
  const ms = await waitUntilSettled(ctx.url, ctx.dbName);
  if (ms > 2000) say(`after ${what} the Core Engine took ${(ms / 1000).toFixed(1)} s to finish the buys still in flight`);
  return ms;
}

async function coreSteps(ctx: Context): Promise<{ steps: CoreStep[]; peakMemoryMB: number }> {
  const agentPort = await freePort();
  const { child, target } = await startCore(ctx, 'core-engine', ctx.url, ctx.exchangeUrl, agentPort);
  const agent = new AgentClient(`http://127.0.0.1:${agentPort}`);
  const memory = new MemoryWatch(child.pid as number);
  const sampler = new PgActivitySampler(ctx.url, ctx.dbName);
  await sampler.open();
  const steps: CoreStep[] = [];
  try {
    if (ctx.opts.warmupS > 0) {
      say(`warm-up: ${ctx.opts.warmupS} s at ${Math.max(...ctx.opts.concurrencies)} clients (not recorded)`);
      await loadBuys(target, Math.max(...ctx.opts.concurrencies), ctx.opts.warmupS);
      await settle(ctx, 'the warm-up');
    }
    for (const c of ctx.opts.concurrencies) {
      const otherBefore = await waitForQuiet(25, ctx.opts.quietWaitS * 1000, say);
      const pgPids = (await backendPids(ctx.url, ctx.dbName)).filter((pid) => pid !== sampler.backendPid);
      const cpu = new CpuWatch({ core: [child.pid as number], exchange: [ctx.exchangePid], postgres: pgPids, bench: [process.pid] });
      memory.resetStep();
      const inside = await agent.watch().catch(() => null);
      if (ctx.opts.cpuProfile) await agent.startProfile();
      sampler.start();
      const result = await loadBuys(target, c, ctx.opts.durationS);
      const pgActivity = await sampler.stop();
      const cpuUse = cpu.stop();
      const profileFile = ctx.opts.cpuProfile ? await agent.stopProfile(`core-c${c}`) : null;
      const insideStep = inside ? await inside().catch(() => null) : null;
      memory.poll();
      const settledMs = await settle(ctx, `${c} clients`);
      const step: CoreStep = {
        ...result,
        cpu: cpuUse,
        machineBusyBeforePct: otherBefore,
        settledAfterMs: settledMs,
        pgActivity,
        inside: insideStep,
        maxRssMB: MB(memory.stepMaxKiB),
      };
      step.coreCpuMsPerBuy = cpuMsPerBuy(step);
      if (profileFile) {
        const s = summariseProfile(profileFile, 20);
        step.profile = {
          file: profileFile.replace(`${ROOT}/`, ''),
          sampledMs: s.sampledMs,
          byAreaOfBusy: s.byAreaOfBusy,
          onStackOfBusy: s.onStackOfBusy,
          top: s.top,
        };
      }
      steps.push(step);
      say(
        `core ${c} clients: ${result.perSecond} buys/s, p50 ${result.latency.p50} / p95 ${result.latency.p95} / p99 ${result.latency.p99} ms, ` +
          `${result.errors} errors${result.errors ? ` ${JSON.stringify(result.errorKinds)}` : ''}; ` +
          `core CPU ${step.coreCpuMsPerBuy ?? '?'} ms per buy; cpu ${JSON.stringify(cpuUse)}; ` +
          `event loop ${insideStep ? Math.round(insideStep.eventLoopUtilisation * 100) : '?'}%`,
      );
    }
    return { steps, peakMemoryMB: MB(memory.stop()) };
  } finally {
    await sampler.close();
    await stopChild(child);
  }
}

async function rawSteps(ctx: Context): Promise<BaselineStep<RawResult>[]> {
  await installRawFunctions(ctx.url);
  const sampler = new PgActivitySampler(ctx.url, ctx.dbName);
  await sampler.open();
  const background = (await backendPids(ctx.url, ctx.dbName)).filter((pid) => pid !== sampler.backendPid);
  const out: BaselineStep<RawResult>[] = [];
  try {
    for (const c of ctx.opts.concurrencies) {
      await waitForQuiet(25, ctx.opts.quietWaitS * 1000, say);
      let cpu: CpuWatch | null = null;
      let cpuUse: Record<string, number> = {};
      const result = await runRaw(ctx.url, ctx.seeded, c, ctx.opts.durationS, ctx.opts.buyAmount, ctx.opts.webhooks, {
        started: (pids) => {
          cpu = new CpuWatch({ postgres: [...background, ...pids], bench: [process.pid] });
          sampler.start();
        },
        finished: () => {
          cpuUse = cpu?.stop() ?? {};
        },
      });
      const pgActivity = await sampler.stop();
      out.push({ result, cpu: cpuUse, pgActivity });
      say(
        `raw database (a) ${c} clients: ${result.perSecond} trades/s, p50 ${result.latency.p50} / p99 ${result.latency.p99} ms, ` +
          `${result.errors} errors${result.firstError ? ` (${result.firstError})` : ''}; cpu ${JSON.stringify(cpuUse)}`,
      );
    }
    return out;
  } finally {
    await sampler.close();
  }
}

async function exchangeSteps(ctx: Context): Promise<BaselineStep<ExchangeResult>[]> {
  const out: BaselineStep<ExchangeResult>[] = [];
  for (const c of ctx.opts.concurrencies) {
    await waitForQuiet(25, ctx.opts.quietWaitS * 1000, say);
    const cpu = new CpuWatch({ exchange: [ctx.exchangePid], bench: [process.pid] });
    const result = await runExchange(ctx.exchangeUrl, c, ctx.opts.durationS, '0.57');
    const cpuUse = cpu.stop();
    out.push({ result, cpu: cpuUse });
    say(
      `exchange alone (b) ${c} clients: ${result.perSecond} ticker+order/s, p50 ${result.latency.p50} / p99 ${result.latency.p99} ms, ` +
        `${result.errors} errors${result.firstError ? ` (${result.firstError})` : ''}; cpu ${JSON.stringify(cpuUse)}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  process.chdir(ROOT);
  // The order matcher's bench (issue 24) is a run of its own: bench/orders.ts.
  if (process.argv.includes('--orders')) {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, ['-r', './scripts/cli/register-ts.js', 'bench/orders.ts'], { cwd: ROOT, stdio: 'inherit' });
    process.exit(run.status ?? 1);
  }
  const opts = parseOptions(
    process.argv.slice(2),
    process.env,
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['start:core-engine'],
  );
  const started = new Date();
  const runId = `${stamp(started)}${opts.quick ? '-quick' : ''}`;
  const dbName = `bench_${started.getTime()}`;
  const procs = new Processes(join(ROOT, '.data/bench', runId));
  let dbCreated = false;
  let bank: BankStub | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await procs.stopAll();
    await bank?.close().catch(() => undefined);
    if (dbCreated && !opts.keepDb) await dropDatabase(opts.serverUrl, dbName).catch((e: Error) => say(`could not drop ${dbName}: ${e.message}`));
    if (dbCreated && opts.keepDb) say(`kept the database ${dbName} (--keep-db)`);
  };
  process.on('exit', () => procs.killAllNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      say(`${signal}: stopping everything`);
      void cleanup().then(() => process.exit(130));
    });
  }

  try {
    const pgVersion = await serverVersion(opts.serverUrl);
    const machine = machineFacts(pgVersion);
    const git = gitFacts(ROOT);
    say(
      `${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`,
    );
    say(pgVersion);
    if (git.uncommitted.length) say(`note: the build includes ${git.uncommitted.length} uncommitted path(s) under apps/libs/prisma/scripts`);
    if (opts.kycLimits) benchBuyLimits(opts.buyAmount, opts.seedBalance); // before the build: limits that could refuse a buy stop the run

    for (const app of ['core-engine', 'mock-exchange']) {
      if (!opts.build) continue;
      if (needsBuild(app)) {
        say(`building ${app} (dist/ missing or older than its sources)`);
        await procs.run(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], process.env);
      }
    }
    for (const app of ['core-engine', 'mock-exchange']) if (!existsSync(mainJs(app))) throw new Error(`${mainJs(app)} is missing: run npm run build`);

    const url = await createDatabase(opts.serverUrl, dbName);
    dbCreated = true;
    say(`database ${dbName}: migrating`);
    await procs.run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/db/migrate.ts'], { ...process.env, DATABASE_URL: url });

    const secret = `bench-secret-${started.getTime()}`;
    bank = await BankStub.start(secret);
    const t0 = Date.now();
    const seeded = await seed(url, {
      users: opts.users,
      balance: opts.seedBalance,
      omnibusSubAccounts: opts.omnibusSubAccounts,
      callbackUrl: bank.url,
      webhookUrl: opts.webhooks ? `${bank.url}/core/webhooks` : null,
      webhookSecret: secret,
      kycLimits: opts.kycLimits,
      buyAmount: opts.buyAmount,
    });
    say(
      `seeded ${opts.users} users with ${opts.seedBalance} AZN each, ${opts.omnibusSubAccounts} omnibus sub-account(s) per currency (${Date.now() - t0} ms)`,
    );
    const kycLimits = kycLimitsText(seeded);
    say(`KYC limits ${kycLimits}`);

    const exchangePort = await freePort();
    const exchange = procs.start('mock-exchange', process.execPath, [mainJs('mock-exchange')], {
      ...process.env,
      MOCK_EXCHANGE_PORT: String(exchangePort),
      MOCK_EXCHANGE_ADMIN_KEY: 'bench-admin-key',
      // In memory, as in the earlier sittings: the bench measures the Core Engine.
      MOCK_EXCHANGE_ORDERS_FILE: '',
      MOCK_EXCHANGE_SEED: '42',
      MOCK_EXCHANGE_VOLATILITY: '0.00002',
      MOCK_EXCHANGE_DOWN: 'false',
      MOCK_EXCHANGE_ERROR_RATE: '0',
      MOCK_EXCHANGE_LATENCY_MS: '0',
      MOCK_EXCHANGE_HANG: 'false',
      MOCK_EXCHANGE_LOSE_RESPONSES: 'false',
      MOCK_EXCHANGE_PRICE_JUMP: '0',
      LOG_LEVEL: 'silent',
    });
    const exchangeUrl = `http://127.0.0.1:${exchangePort}`;
    await waitForHttp(`${exchangeUrl}/health`, 60_000, () => exchange.exitCode === null);
    const ctx: Context = { opts, procs, url, dbName, seeded, exchangeUrl, exchangePid: exchange.pid as number, runId };

    const trace = opts.core && (opts.traceBuys > 0 || opts.traceLoadS > 0) ? await traceOnTheWire(ctx) : { sequential: null, load: null };

    const core = opts.core ? await coreSteps(ctx) : { steps: [], peakMemoryMB: 0 };
    const coreViolations = await ledgerViolations(url);
    const afterCore = await tradeCounts(url);
    if (opts.core)
      say(
        `after the core's load: ${JSON.stringify(afterCore)}; invariants ${coreViolations.length ? `BROKEN: ${coreViolations.map((v) => `${v.check} (${v.rows.length})`).join('; ')}` : 'hold'}`,
      );

    const raw = opts.raw ? await rawSteps(ctx) : [];
    const rawViolations = opts.raw ? await ledgerViolations(url) : [];
    if (opts.raw)
      say(`after the raw baseline: invariants ${rawViolations.length ? `BROKEN: ${rawViolations.map((v) => v.check).join('; ')}` : 'hold'}`);
    const exchangeResults = opts.exchange ? await exchangeSteps(ctx) : [];

    const compared = opts.compare ? readCompared(opts.compare) : undefined;
    const targets = checkTargets(core.steps, raw, core.peakMemoryMB, coreViolations.length, compared);
    const results = {
      runId,
      label: opts.label ?? null,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      loadAverageAtEnd: loadAverage(),
      git,
      settings: {
        durationS: opts.durationS,
        warmupS: opts.warmupS,
        concurrencies: opts.concurrencies,
        users: opts.users,
        omnibusSubAccounts: opts.omnibusSubAccounts,
        buyAmountAzn: opts.buyAmount,
        corePoolSize: opts.poolSize ?? 'app default (DATABASE_POOL_SIZE=10)',
        coreNodeFlags: opts.coreNodeFlags,
        webhooks: opts.webhooks,
        kycLimits: opts.kycLimits ? 'on' : 'off',
        kycLimitsSeeded: seeded.kycLimits,
        coreLogs: opts.coreLogs,
        cpuProfile: opts.cpuProfile,
        exchangeVolatility: '0.00002',
        database: opts.keepDb ? dbName : `${dbName} (dropped)`,
      },
      core: {
        steps: core.steps,
        peakMemoryMB: core.peakMemoryMB,
        books: afterCore,
        invariantsBroken: coreViolations.map((v) => ({ check: v.check, rows: v.rows.length, sample: v.rows.slice(0, 3) })),
      },
      trace,
      rawDatabase: {
        steps: raw,
        invariantsBroken: rawViolations.map((v) => ({ check: v.check, rows: v.rows.length, sample: v.rows.slice(0, 3) })),
      },
      exchangeAlone: { steps: exchangeResults },
      ratios: core.steps.map((s) => {
        const r = raw.find((x) => x.result.concurrency === s.concurrency);
        return { concurrency: s.concurrency, buysOverRaw: r ? round(s.perSecond / Math.max(1, r.result.perSecond), 3) : null };
      }),
      compared: compared
        ? {
            runId: compared.runId,
            label: compared.label,
            commit: compared.commit,
            kycLimits: compared.kycLimits,
            ratios: ratiosTo(core.steps, compared),
          }
        : null,
      targets,
    };

    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${runId}.json`), `${JSON.stringify(results, null, 2)}\n`);
    const concurrencies = opts.concurrencies;
    const svg = chartSvg(
      `${runId}: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, ${pgVersion.split(' on ')[0]}, ${opts.users} users, ` +
        `${opts.omnibusSubAccounts} omnibus sub-account(s), KYC limits ${opts.kycLimits ? 'on' : 'off'}, ${opts.durationS} s per step`,
      concurrencies,
      [
        {
          name: 'Core Engine buys (HTTP)',
          color: '#d62728',
          throughput: concurrencies.map((c) => core.steps.find((s) => s.concurrency === c)?.perSecond ?? null),
          p99: concurrencies.map((c) => core.steps.find((s) => s.concurrency === c)?.latency.p99 ?? null),
        },
        {
          name: '(a) raw database, 2 round trips',
          color: '#1f77b4',
          throughput: concurrencies.map((c) => raw.find((s) => s.result.concurrency === c)?.result.perSecond ?? null),
          p99: concurrencies.map((c) => raw.find((s) => s.result.concurrency === c)?.result.latency.p99 ?? null),
        },
        {
          name: '(b) Mock Exchange, ticker + order',
          color: '#2ca02c',
          throughput: concurrencies.map((c) => exchangeResults.find((s) => s.result.concurrency === c)?.result.perSecond ?? null),
          p99: concurrencies.map((c) => exchangeResults.find((s) => s.result.concurrency === c)?.result.latency.p99 ?? null),
        },
      ],
      compared ? { throughput: Math.round(TARGETS.shareOfCompared * (compared.steps.at(-1)?.perSecond ?? 0)) } : undefined,
    );
    writeFileSync(join(dir, `${runId}.svg`), svg);

    process.stdout.write(`\nKYC limits ${kycLimits}\n${resultsTable(core.steps, raw, exchangeResults)}\n\n`);
    if (compared) process.stdout.write(`${comparedTable(core.steps, compared)}\n\n`);
    process.stdout.write(`CPU during the Core Engine's steps (% of one core; this machine has ${machine.cpus}):\n${cpuTable(core.steps)}\n\n`);
    process.stdout.write(`Core Engine peak memory (VmHWM): ${core.peakMemoryMB} MB\n\nTargets:\n`);
    for (const t of targets) process.stdout.write(`  [${t.met ? 'met' : 'NOT MET'}] ${t.target}: ${t.actual}\n`);
    process.stdout.write(`\nresults: bench/results/${runId}.json, chart: bench/results/${runId}.svg, logs: .data/bench/${runId}/\n`);
  } catch (err) {
    process.stderr.write(`[bench] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

void main();

/** The core steps of another build's results (`--compare`), to report this run as ratios to it. */
function readCompared(path: string): ComparedRun {
  const other = JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as {
    runId: string;
    label?: string | null;
    git?: { commit?: string };
    settings?: { kycLimits?: 'on' | 'off' };
    core: { steps: ComparedRun['steps'] };
  };
  return {
    runId: other.runId,
    label: other.label ?? undefined,
    commit: other.git?.commit,
    // Runs before the option: the bench bank had no limit rows (or limits did not exist yet).
    kycLimits: other.settings?.kycLimits ?? 'not recorded',
    steps: other.core.steps,
  };
}

/** The KYC limit setting in words, for the log and the table. */
function kycLimitsText(seeded: Seeded): string {
  const k = seeded.kycLimits;
  if (!k) return 'off: the bench bank has no OperationLimit rows, phase 1 skips the check';
  return (
    `on: ${k.rows} OperationLimit rows (the default table), users at level ${k.level}: ` +
    `BUY ${k.buy.perOperation ?? 'no limit'} AZN per operation, ${k.buy.per24Hours ?? 'no limit'} per 24 hours (never reached by the run)`
  );
}
