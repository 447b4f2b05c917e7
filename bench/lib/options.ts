/**
 * The benchmark's settings: flags first, then BENCH_* environment variables, then defaults.
 * `--quick` is a smoke run: short steps, few users, same phases.
 */
export interface BenchOptions {
  /** Seconds of measured load per concurrency step. */
  durationS: number;
  /** Seconds of unrecorded load before the first step (JIT, pools, caches). */
  warmupS: number;
  concurrencies: number[];
  users: number;
  /** Rows per omnibus account and currency. */
  omnibusSubAccounts: number;
  /** AZN per buy (2 decimals): small, so no user ever runs out. */
  buyAmount: string;
  /** AZN each seeded user starts with. */
  seedBalance: string;
  /** The Core Engine's DATABASE_POOL_SIZE; undefined leaves the app's default. */
  poolSize?: number;
  /** The bench bank takes trade webhooks (the outbox row is then part of every buy). */
  webhooks: boolean;
  /**
   * The bench bank has KYC limit rows (the default table, DEFAULT_OPERATION_LIMITS), so every
   * buy's phase 1 runs the limit check (docs/limits.md); off: no rows, the check is skipped.
   */
  kycLimits: boolean;
  /** The Core Engine logs at its default level (every trade logs a line); else LOG_LEVEL=warn. */
  coreLogs: boolean;
  cpuProfile: boolean;
  /** Sequential buys observed through the wire proxies (round trips, lock windows). */
  traceBuys: number;
  /** Seconds of load at the highest concurrency through the wire proxies. */
  traceLoadS: number;
  /** The Core Engine's trace and load (--skip-core: the baselines only). */
  core: boolean;
  raw: boolean;
  exchange: boolean;
  keepDb: boolean;
  build: boolean;
  quick: boolean;
  serverUrl: string;
  label?: string;
  /** A results JSON of another build, run in the same sitting: the throughput target is a share of its. */
  compare?: string;
  /** Longest wait, per step, for other work on the machine to calm down (seconds). */
  quietWaitS: number;
  /** Node flags of the Core Engine: by default those of `npm run start:core-engine`. */
  coreNodeFlags: string[];
}

/** The node flags `npm run start:core-engine` starts the Core Engine with (package.json). */
export function productionCoreNodeFlags(script: string): string[] {
  const words = script.split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) return [];
  return words.slice(node + 1).filter((w, i, all) => w.startsWith('--') && all.slice(0, i).every((x) => x.startsWith('--')));
}

const USAGE = `npm run bench [-- options]
  --duration <s>        seconds per step (BENCH_DURATION, default 10)
  --warmup <s>          unrecorded warm-up (BENCH_WARMUP, default 3)
  --concurrency <list>  e.g. 1,16,64 (BENCH_CONCURRENCY)
  --users <n>           seeded users (BENCH_USERS, default 2000)
  --omnibus <n>         omnibus sub-accounts per currency (BENCH_OMNIBUS_SUBACCOUNTS, default 1)
  --pool-size <n>       the Core Engine's DATABASE_POOL_SIZE (BENCH_POOL_SIZE, default: the app's)
  --amount <azn>        AZN per buy (default 1.00)
  --no-webhooks         the bench bank takes no webhooks (no outbox row per buy)
  --kyc-limits on|off   the bench bank has the default KYC limit rows, so every buy runs the
                        limit check, never refused (BENCH_KYC_LIMITS, default on; off: no rows)
  --core-logs           the Core Engine logs everything, trade lines included (default: LOG_LEVEL=warn)
  --cpu-prof            profile the Core Engine per step into bench/profiles (BENCH_CPU_PROF=1)
  --trace-buys <n>      sequential buys watched on the wire (default 50; 0 skips the trace)
  --trace-load <s>      seconds at the top concurrency watched on the wire (default 3; 0 skips)
  --skip-raw, --skip-exchange   leave a baseline out
  --skip-core           the baselines only (no Core Engine trace or load)
  --keep-db             do not drop the bench database at the end
  --no-build            use dist/ as it is
  --label <text>        a note stored with the results (e.g. "pool 20")
  --compare <json>      results of another build from the same sitting (e.g. the commit before):
                        buys/s and Core Engine CPU per buy as ratios to it, and the target
                        "≥ 50% of its buys/s at the top concurrency"
  --quiet-wait <s>      before each step, wait up to this long for other work on the machine
                        to drop below a quarter of a core (BENCH_QUIET_WAIT, default 120)
  --core-node-flags <f> the Core Engine's node flags, e.g. "--max-old-space-size=256"
                        (default: those of npm run start:core-engine in package.json)
  --quick               smoke run: 2 s steps, 200 users, short trace
PostgreSQL: BENCH_DATABASE_URL (any database on the server; default postgresql://postgres@127.0.0.1:5432/postgres)`;

/** A flag's value; `dashed`: the value itself may start with "--" (node flags). */
function flag(argv: string[], name: string, dashed = false): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || (!dashed && value.startsWith('--'))) throw new Error(`--${name} needs a value\n${USAGE}`);
  return value;
}

function onOff(text: string, name: string): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new Error(`${name} must be on or off, not ${JSON.stringify(text)}`);
}

function whole(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

export function parseOptions(argv = process.argv.slice(2), env = process.env, startScript = ''): BenchOptions {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const known = new Set([
    'duration',
    'warmup',
    'concurrency',
    'users',
    'omnibus',
    'pool-size',
    'amount',
    'no-webhooks',
    'kyc-limits',
    'core-logs',
    'cpu-prof',
    'trace-buys',
    'trace-load',
    'skip-raw',
    'skip-exchange',
    'skip-core',
    'keep-db',
    'no-build',
    'label',
    'quick',
    'quiet-wait',
    'compare',
    'core-node-flags',
  ]);
  for (const [i, a] of argv.entries()) {
    if (argv[i - 1] === '--core-node-flags') continue;
    if (a.startsWith('--') && !known.has(a.slice(2))) throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  const quick = argv.includes('--quick');
  const pick = (name: string, envName: string, fallback: string) => flag(argv, name) ?? env[envName] ?? fallback;

  const concurrencies = pick('concurrency', 'BENCH_CONCURRENCY', '1,16,64')
    .split(',')
    .map((c) => whole(c.trim(), 'concurrency', 1, 256));
  const poolSize = flag(argv, 'pool-size') ?? env.BENCH_POOL_SIZE;
  const amount = flag(argv, 'amount') ?? '1.00';
  if (!/^[0-9]+\.[0-9]{2}$/.test(amount)) throw new Error('--amount must have 2 decimals, e.g. 1.00');

  return {
    durationS: whole(pick('duration', 'BENCH_DURATION', quick ? '2' : '10'), 'duration', 1, 600),
    warmupS: whole(pick('warmup', 'BENCH_WARMUP', quick ? '1' : '3'), 'warmup', 0, 120),
    concurrencies,
    users: whole(pick('users', 'BENCH_USERS', quick ? '200' : '2000'), 'users', 1, 1_000_000),
    omnibusSubAccounts: whole(pick('omnibus', 'BENCH_OMNIBUS_SUBACCOUNTS', '1'), 'omnibus', 1, 64),
    buyAmount: amount,
    seedBalance: '1000000.00',
    poolSize: poolSize === undefined ? undefined : whole(poolSize, 'pool size', 1, 200),
    webhooks: !argv.includes('--no-webhooks'),
    kycLimits: onOff(pick('kyc-limits', 'BENCH_KYC_LIMITS', 'on'), '--kyc-limits'),
    coreLogs: argv.includes('--core-logs'),
    cpuProfile: argv.includes('--cpu-prof') || env.BENCH_CPU_PROF === '1',
    traceBuys: whole(flag(argv, 'trace-buys') ?? (quick ? '10' : '50'), 'trace buys', 0, 10_000),
    traceLoadS: whole(flag(argv, 'trace-load') ?? (quick ? '1' : '3'), 'trace load', 0, 60),
    core: !argv.includes('--skip-core'),
    raw: !argv.includes('--skip-raw'),
    exchange: !argv.includes('--skip-exchange'),
    keepDb: argv.includes('--keep-db') || env.BENCH_KEEP_DB === '1',
    build: !argv.includes('--no-build'),
    quick,
    serverUrl: env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    label: flag(argv, 'label'),
    compare: flag(argv, 'compare'),
    quietWaitS: whole(pick('quiet-wait', 'BENCH_QUIET_WAIT', quick ? '10' : '120'), 'quiet wait', 0, 3600),
    coreNodeFlags: flag(argv, 'core-node-flags', true)?.split(/\s+/).filter(Boolean) ?? productionCoreNodeFlags(startScript),
  };
}
