import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { EmbeddedTestServer, startEmbeddedTestServer } from './support/embedded-test-server';
import { chooseTestRedis, PRIVATE_REDIS_KEY } from './support/test-redis';
import { assertServerAnswers, givenServerUrl, LOCAL_SERVER_URL, serverAnswers, withDatabase } from './support/test-database';

const ROOT = resolve(__dirname, '..');

/** Read by test/global-teardown.ts, which runs in this same process. */
export const EMBEDDED_SERVER_KEY = '__cryptoCoreEmbeddedTestServer';

/**
 * Picks the run's PostgreSQL server: the given one (TEST_DATABASE_URL, DATABASE_URL), else
 * the local one on 127.0.0.1:5432 when it answers, else an embedded PostgreSQL started here
 * (stopped by the teardown). Creates this run's database on it and migrates it once, with the
 * same `npm run db:migrate` a user runs (in a child process: the WASM schema engine keeps
 * handles that would hold jest's main process open). Every suite, and every process a suite
 * starts, finds the server in TEST_SERVER_URL and the run's database in DATABASE_URL.
 * Redis, for the suites of the shared rate limits, is picked the same way (test/support/test-redis.ts).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  let server = givenServerUrl();
  if (!server) {
    if (await serverAnswers(LOCAL_SERVER_URL)) {
      server = LOCAL_SERVER_URL;
    } else {
      const embedded: EmbeddedTestServer = await startEmbeddedTestServer();
      (globalThis as Record<string, unknown>)[EMBEDDED_SERVER_KEY] = embedded;
      process.stderr.write(
        `\ntests: no PostgreSQL given and none on 127.0.0.1:5432: started an embedded one at ${embedded.url.replace(/:[^:@/]+@/, ':***@')}\n`,
      );
      server = embedded.url;
    }
  }
  await assertServerAnswers(server);
  const url = withDatabase(server, `cex_test_${Date.now()}_${process.pid}`);
  execFileSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'scripts/db/migrate.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  });
  process.env.TEST_SERVER_URL = server;
  process.env.DATABASE_URL = url;
  (globalThis as Record<string, unknown>)[PRIVATE_REDIS_KEY] = await chooseTestRedis();
}
