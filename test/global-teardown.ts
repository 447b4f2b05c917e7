import { dropDatabase } from '../scripts/db/ensure-database';
import { EMBEDDED_SERVER_KEY } from './global-setup';
import type { EmbeddedTestServer } from './support/embedded-test-server';

/** Drops the run's database, then stops the embedded PostgreSQL when the setup started one. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const embedded = (globalThis as Record<string, unknown>)[EMBEDDED_SERVER_KEY] as EmbeddedTestServer | undefined;
  try {
    if (url && /\/cex_test_\d+_\d+$/.test(new URL(url).pathname) && !process.env.KEEP_TEST_DATABASE && !embedded) {
      await dropDatabase(url);
    }
  } finally {
    // Its cluster lives in a temporary folder that stopping deletes, databases and all.
    await embedded?.stop();
  }
}
