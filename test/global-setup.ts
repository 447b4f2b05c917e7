import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { assertServerAnswers, serverUrl, withDatabase } from './support/test-database';

const ROOT = resolve(__dirname, '..');

/**
 * Creates this run's database on a real PostgreSQL server and migrates it once, with the
 * same `npm run db:migrate` a user runs (in a child process: the WASM schema engine keeps
 * handles that would hold jest's main process open).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const server = serverUrl();
  await assertServerAnswers(server);
  const url = withDatabase(server, `cex_test_${Date.now()}_${process.pid}`);
  execFileSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'scripts/db/migrate.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  });
  process.env.TEST_SERVER_URL = server;
  process.env.DATABASE_URL = url;
}
