/**
 * `npm run test:concurrency:full [-- options]` (issue 6, section 3, full size): 2,000 mixed
 * buys, sells and deposits from 100 users of 2 banks at 32 concurrent clients, 10% of them
 * repeating an idempotency key (some at the same moment), against two Core Engine processes
 * sharing one fresh database; then every check of test/concurrency/workload-checks.ts.
 * The jest suite test/concurrency/concurrency.e2e-spec.ts runs the same at CI size.
 *
 * The Core Engine and the Mock Exchange run from dist/ (the npm script builds both first);
 * the database (concurrency_<time>_<pid> on TEST_DATABASE_URL, DATABASE_URL or
 * 127.0.0.1:5432) is created, migrated, and dropped at the end unless --keep-db.
 * Exit 0: every check holds; 1: a check failed; 2: the run could not be made.
 */
import { runScript } from './cli/run-script';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, coreLogSummary, explainInternalErrors, startCluster } from '../test/concurrency/cluster';
import { checkWorkload, formatChecks, waitForSettled } from '../test/concurrency/workload-checks';
import { formatWorkload, runWorkload } from '../test/concurrency/workload';
import { BuiltMockExchange, startBuiltMockExchange } from '../test/support/built-mock-exchange';

const say = (line: string) => process.stdout.write(`[concurrency] ${line}\n`);

const USAGE = `usage: npm run test:concurrency:full [-- options]
  --operations <n>   requests in total, repeats included (default 2000)
  --users <n>        customers, spread over the banks (default 100)
  --banks <n>        banks (default 2)
  --cores <n>        Core Engine processes sharing the database (default 2)
  --concurrency <n>  clients sending at once (default 32)
  --reuse <ratio>    share of the requests repeating a key (default 0.1)
  --seed <n>         seed of the workload (default 20261126)
  --omnibus <n>      omnibus sub-accounts per currency (default 1, as npm run db:seed)
  --keep-db          keep the database (its URL is printed)
`;

interface Options {
  operations: number;
  users: number;
  banks: number;
  cores: number;
  concurrency: number;
  reuse: number;
  seed: number;
  omnibus: number;
  keepDb: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
  const o: Options = { operations: 2000, users: 100, banks: 2, cores: 2, concurrency: 32, reuse: 0.1, seed: 20261126, omnibus: 1, keepDb: false };
  const numeric: Record<string, keyof Options> = {
    '--operations': 'operations',
    '--users': 'users',
    '--banks': 'banks',
    '--cores': 'cores',
    '--concurrency': 'concurrency',
    '--reuse': 'reuse',
    '--seed': 'seed',
    '--omnibus': 'omnibus',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--keep-db') {
      o.keepDb = true;
      continue;
    }
    const field = numeric[flag];
    if (!field) throw new Error(`unknown argument ${argv[i]}`);
    const value = Number(inline ?? argv[++i]);
    const ratio = field === 'reuse';
    if (!Number.isFinite(value) || value < 0 || (ratio ? value >= 1 : !Number.isInteger(value) || value < 1))
      throw new Error(`${flag} needs a ${ratio ? 'ratio from 0 to 1' : 'whole number of 1 or more'}`);
    (o[field] as number) = value;
  }
  return o;
}

async function main(options: Options): Promise<number> {
  const { keepDb } = options;
  let exchange: BuiltMockExchange | undefined;
  let cluster: Cluster | undefined;
  const stop = async () => {
    await cluster?.close({ keepDatabase: keepDb }).catch((e: Error) => say(`cleanup: ${e.message}`));
    if (exchange && exchange.child.exitCode === null) exchange.child.kill('SIGTERM');
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));

  try {
    const t0 = Date.now();
    exchange = await startBuiltMockExchange();
    cluster = await startCluster({ exchangeUrl: exchange.url, banks: options.banks, cores: options.cores, omnibusSubAccounts: options.omnibus });
    say(
      `database ${cluster.databaseUrl.replace(/:[^:@/]+@/, ':***@')}, exchange ${exchange.url}, ` +
        `${cluster.cores.length} Core Engine processes ${cluster.cores.map((c) => c.url).join(' ')} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );

    let lastTenth = 0;
    const report = await runWorkload({
      coreUrls: cluster.cores.map((c) => c.url),
      banks: cluster.banks,
      operations: options.operations,
      users: options.users,
      concurrency: options.concurrency,
      reuseRatio: options.reuse,
      seed: options.seed,
      onProgress: (sent, total) => {
        const tenth = Math.floor((sent / total) * 10);
        if (tenth > lastTenth && tenth <= 10) say(`${(lastTenth = tenth) * 10}% answered`);
      },
    });
    const settleStart = Date.now();
    const pending = await waitForSettled(
      cluster.databaseUrl,
      cluster.banks.map((b) => b.id),
      60_000,
    );
    const checks = await checkWorkload(report, {
      databaseUrl: cluster.databaseUrl,
      exchangeUrl: exchange.url,
      coreUrl: cluster.cores[0].url,
      banks: cluster.banks,
    });
    const logs = cluster.cores.map(coreLogSummary);
    process.stdout.write(`\n${formatWorkload(report)}\n${formatChecks(checks)}\n`);
    process.stdout.write(
      `  PENDING after the run: ${pending} (settled in ${((Date.now() - settleStart) / 1000).toFixed(1)} s); ` +
        `reconciler passes that found work: ${logs.map((l, i) => `#${i} ${l.passes}`).join(', ')}; ` +
        `transactions settled by a reconciler: ${logs.map((l, i) => `#${i} ${l.reconciled}`).join(', ')}\n` +
        `  warnings and errors logged: ${logs.map((l, i) => `#${i} ${l.problems.length}`).join(', ')}\n`,
    );
    const internal = explainInternalErrors(
      report.answers.filter((a) => a.status >= 500).map((a) => a.text),
      cluster.cores,
    );
    if (internal.length) process.stdout.write(`  5xx answers, as logged:\n${internal.map((l) => `    ${l}`).join('\n')}\n`);
    if (checks.violations.length) {
      const dir = mkdtempSync(join(tmpdir(), 'concurrency-'));
      cluster.cores.forEach((c, i) => writeFileSync(join(dir, `core-${i}.log`), c.log));
      writeFileSync(join(dir, 'exchange.log'), exchange.log());
      writeFileSync(join(dir, 'answers.json'), JSON.stringify(report.answers, null, 1));
      writeFileSync(join(dir, 'ledger.txt'), checks.ledger);
      say(`FAILED: ${checks.violations.length} violations; logs, answers and the ledger report are in ${dir}`);
      return 1;
    }
    say('PASSED');
    return 0;
  } finally {
    if (cluster && keepDb) say(`database kept: ${cluster.databaseUrl}`);
    await stop();
  }
}

runScript('test:concurrency:full', USAGE, parseArgs, main);
