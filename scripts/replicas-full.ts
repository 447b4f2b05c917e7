/**
 * `npm run test:replicas:full [-- options]` (issue 17, section 3, full size): 1,500 mixed
 * deposits, buys, sells and withdrawals from 100 users of 2 banks at 32 concurrent clients, 10%
 * repeating a key, through a round-robin proxy to three Core Engine processes on one fresh
 * database; a quarter of the way in one replica is SIGKILLed and started again. Then every
 * check of test/concurrency/workload-checks.ts (the killed replica's requests in flight are the
 * only 5xx allowed) and bursts against three replicas whose rate limits count in Redis.
 * The jest suite test/replicas/replicas.e2e-spec.ts runs the same at CI size.
 *
 * Redis: REDIS_URL or TEST_REDIS_URL, else 127.0.0.1:6379, else a private redis-server from
 * PATH (test/support/test-redis.ts). The Core Engine and the Mock Exchange run from dist/ (the
 * npm script builds both first); the database (concurrency_<time>_<pid> on TEST_DATABASE_URL,
 * DATABASE_URL or 127.0.0.1:5432) is created, migrated and dropped at the end.
 * Exit 0: every check holds; 1: a check failed; 2: the run could not be made.
 */
import { runScript } from './cli/run-script';
import { replicaFailures, runReplicas } from '../test/replicas/replica-run';
import { BuiltMockExchange, startBuiltMockExchange } from '../test/support/built-mock-exchange';
import { chooseTestRedis, PrivateRedis, testRedisUrl, uniqueRedisPrefix } from '../test/support/test-redis';

const say = (line: string) => process.stdout.write(`[replicas] ${line}\n`);

const USAGE = `usage: npm run test:replicas:full [-- options]
  --operations <n>   requests in total, repeats included (default 1500)
  --users <n>        customers, spread over the 2 banks (default 100)
  --concurrency <n>  clients sending at once (default 32)
  --seed <n>         seed of the workload (default 20261204)
`;

interface RunOptions {
  operations: number;
  users: number;
  concurrency: number;
  seed: number;
}

function parseArgs(argv: string[]): RunOptions | 'help' {
  const o: RunOptions = { operations: 1500, users: 100, concurrency: 32, seed: 20261204 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    const field = ({ '--operations': 'operations', '--users': 'users', '--concurrency': 'concurrency', '--seed': 'seed' } as const)[flag];
    if (!field) throw new Error(`unknown argument ${argv[i]}`);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of 1 or more`);
    o[field] = value;
  }
  return o;
}

async function main(options: RunOptions): Promise<number> {
  let exchange: BuiltMockExchange | undefined;
  let privateRedis: PrivateRedis | undefined;
  try {
    if (process.env.REDIS_URL) process.env.TEST_REDIS_URL ??= process.env.REDIS_URL;
    privateRedis = await chooseTestRedis();
    const redisUrl = testRedisUrl();
    exchange = await startBuiltMockExchange();
    say(`exchange ${exchange.url}, Redis ${redisUrl}`);
    const run = await runReplicas({
      exchangeUrl: exchange.url,
      redisUrl,
      redisPrefix: uniqueRedisPrefix('replicas-full'),
      replicas: 3,
      ...options,
      reuseRatio: 0.1,
      withdrawShare: 0.15,
      killAfter: 0.25,
      bankLimit: 4,
      addressLimit: 20,
      onProgress: say,
    });
    const failures = replicaFailures(run);
    if (run.explain.length) say(`5xx answers, as logged:\n${run.explain.join('\n')}`);
    if (failures.length) {
      say(`FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      return 1;
    }
    say('PASSED');
    return 0;
  } finally {
    if (exchange && exchange.child.exitCode === null) exchange.child.kill('SIGTERM');
    await privateRedis?.stop();
  }
}

runScript('test:replicas:full', USAGE, parseArgs, main);
