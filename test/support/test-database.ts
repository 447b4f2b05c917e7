import { Client } from 'pg';

/**
 * Where the tests' PostgreSQL server is: TEST_DATABASE_URL or DATABASE_URL when set,
 * otherwise the local server on 127.0.0.1:5432. The run works in a database of its own.
 */
export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function assertServerAnswers(url: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `The tests need a real PostgreSQL server and none answered at ${url.replace(/:[^:@/]+@/, ':***@')}: ` +
        `${err instanceof Error ? err.message : String(err)}. Set TEST_DATABASE_URL or start one on 127.0.0.1:5432.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
