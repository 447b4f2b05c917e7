/**
 * `npx tsx bench/start-time.ts`: how long the Core Engine takes from its process start to the
 * first 200 of GET /ready (issue 23: a restarted replica must serve quickly). Each run spawns
 * the built Core Engine (dist/) with the node flags of `npm run start:core-engine`, polls
 * /ready every 10 ms, stops it with SIGTERM; the median of the runs is the figure.
 *
 *   npx tsx bench/start-time.ts                      # this tree, 7 runs
 *   npx tsx bench/start-time.ts --root ../ref-f995eda --runs 5 --label f995eda
 *   npx tsx bench/start-time.ts --cpu-prof           # also a CPU profile of each start (node --cpu-prof)
 *
 * `--root` measures another build (another worktree, with its own node_modules and dist/): its
 * own migrations set up the database, its own Mock Exchange answers /ready's exchange check.
 * Against a fresh database (BENCH_DATABASE_URL's server, else 127.0.0.1:5432), dropped after.
 * Writes bench/results/<UTC stamp>-start.json.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Processes } from '../scripts/demo/processes';
import { waitForHttp } from '../scripts/demo/wait';
import { createDatabase, dropDatabase } from './lib/database';
import { machineFacts, gitFacts, loadAverage } from './lib/machine';

const HERE = resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`[start-time] ${line}\n`);

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The node flags of the tree's `npm run start:core-engine` (between `node` and the script). */
function startFlags(root: string): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:core-engine'];
  const words = script.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

const mainJs = (root: string, app: string) => join(root, `dist/apps/${app}/apps/${app}/src/main.js`);

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return exited.finally(() => clearTimeout(timer));
}

/** Spawn to the first 200 of /ready, in ms; the process is stopped after. */
async function oneStart(root: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<{ readyMs: number; healthMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, CORE_ENGINE_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  let healthMs = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the Core Engine exited with ${child.exitCode}: see ${logFile}`);
      if (performance.now() - t0 > 60_000) throw new Error(`no /ready within 60 s: see ${logFile}`);
      if (Number.isNaN(healthMs)) {
        const health = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
        if (health?.status === 200) healthMs = performance.now() - t0;
      }
      if (!Number.isNaN(healthMs)) {
        const ready = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
        if (ready?.status === 200) return { readyMs: performance.now() - t0, healthMs };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await stop(child);
    writeFileSync(logFile, log.join(''));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const root = resolve(flag('root') ?? HERE);
  const runs = Number(flag('runs') ?? '7');
  const profile = process.argv.includes('--cpu-prof');
  const label = flag('label') ?? null;
  const serverUrl = process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  for (const app of ['core-engine', 'mock-exchange']) {
    if (!existsSync(mainJs(root, app))) throw new Error(`${mainJs(root, app)} is missing: npx nest build ${app} in ${root}`);
  }
  const started = new Date();
  const stamp = started.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  const dir = join(HERE, '.data/bench', `start-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const procs = new Processes(dir);
  const dbName = `start_${started.getTime()}`;
  const url = await createDatabase(serverUrl, dbName);
  try {
    await procs.run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/db/migrate.ts')], {
      ...process.env,
      DATABASE_URL: url,
    });
    const exchangePort = await freePort();
    const exchange = procs.start('mock-exchange', process.execPath, [mainJs(root, 'mock-exchange')], {
      ...process.env,
      MOCK_EXCHANGE_PORT: String(exchangePort),
      MOCK_EXCHANGE_ADMIN_KEY: 'start-time-admin-key',
      MOCK_EXCHANGE_ORDERS_FILE: '',
      LOG_LEVEL: 'silent',
    });
    await waitForHttp(`http://127.0.0.1:${exchangePort}/health`, 60_000, () => exchange.exitCode === null);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      EXCHANGE_URL: `http://127.0.0.1:${exchangePort}`,
      METRICS_PORT: '0',
      ADMIN_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    };
    const flags = startFlags(root);
    const profileDir = join(HERE, 'bench/profiles', `start-${stamp}${label ? `-${label.replace(/[^\w.-]+/g, '_')}` : ''}`);
    const args = [...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), mainJs(root, 'core-engine')];
    say(`${root}: node ${args.join(' ')}`);
    const results: { readyMs: number; healthMs: number }[] = [];
    for (let i = 1; i <= runs; i++) {
      const r = await oneStart(root, args, env, join(dir, `core-engine-${i}.log`));
      results.push(r);
      say(`run ${i}: /health after ${r.healthMs.toFixed(0)} ms, /ready after ${r.readyMs.toFixed(0)} ms`);
    }
    const summary = {
      label,
      root,
      startedAt: started.toISOString(),
      machine: machineFacts(''),
      loadAverageAtEnd: loadAverage(),
      git: gitFacts(root),
      nodeArgs: args.slice(0, -1),
      runs: results.map((r) => ({ healthMs: Math.round(r.healthMs), readyMs: Math.round(r.readyMs) })),
      medianReadyMs: Math.round(median(results.map((r) => r.readyMs))),
      medianHealthMs: Math.round(median(results.map((r) => r.healthMs))),
    };
    say(
      `median: /health ${summary.medianHealthMs} ms, /ready ${summary.medianReadyMs} ms (${runs} runs)${profile ? `; profiles in ${profileDir}` : ''}`,
    );
    const out = join(HERE, 'bench/results', `${stamp}-start${label ? `-${label.replace(/[^\w.-]+/g, '_')}` : ''}.json`);
    writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
    say(`results: ${out}`);
  } finally {
    await procs.stopAll();
    await dropDatabase(serverUrl, dbName).catch((e: Error) => say(`could not drop ${dbName}: ${e.message}`));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[start-time] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
