import { dropDatabase } from '../scripts/db/ensure-database';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url && /\/cex_test_\d+_\d+$/.test(new URL(url).pathname) && !process.env.KEEP_TEST_DATABASE) {
    await dropDatabase(url);
  }
}
