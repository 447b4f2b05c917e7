import { dropDatabase } from '../scripts/db/ensure-database';
import { EMBEDDED_SERVER_KEY } from './global-setup';
import type { EmbeddedTestServer } from './support/embedded-test-server';
import { PRIVATE_REDIS_KEY, type PrivateRedis } from './support/test-redis';

/** Drops the run's database, then stops the embedded PostgreSQL and the private Redis when the setup started them. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const embedded = (globalThis as Record<string, unknown>)[EMBEDDED_SERVER_KEY] as EmbeddedTestServer | undefined;
  const redis = (globalThis as Record<string, unknown>)[PRIVATE_REDIS_KEY] as PrivateRedis | undefined;
  try {
    if (url && /\/cex_test_\d+_\d+$/.test(new URL(url).pathname) && !process.env.KEEP_TEST_DATABASE && !embedded) {
      await dropDatabase(url);
    }
  } finally {
    // Its cluster lives in a temporary folder that stopping deletes, databases and all.
    await embedded?.stop();
    await redis?.stop();
  }
}
