import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '../../scripts/db/ensure-database';

const ROOT = resolve(__dirname, '../..');

/** The local server the tests use when none is given and one answers here. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The server the user gave the tests: TEST_DATABASE_URL, else DATABASE_URL, else none. */
export function givenServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * Where the tests' PostgreSQL server is. Inside a run, TEST_SERVER_URL, which
 * test/global-setup.ts sets to the server it chose (the given one, the local one on
 * 127.0.0.1:5432, or an embedded one it started); outside a run, the given one, else the
 * local one. The run works in a database of its own.
 */
export function serverUrl(): string {
  return process.env.TEST_SERVER_URL || givenServerUrl() || LOCAL_SERVER_URL;
}

/** Whether a PostgreSQL server answers at `url` (its `postgres` database) within a few seconds. */
export async function serverAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
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
        `${err instanceof Error ? err.message : String(err)}. Check TEST_DATABASE_URL / DATABASE_URL, or unset both: ` +
        `the tests then use the server on 127.0.0.1:5432, or start an embedded one when none answers there.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `scripts/db/migrate.ts` in a child process (the WASM schema engine keeps handles that would hold this process open). */
export function migrate(databaseUrl: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'scripts/db/migrate.ts')], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`migrate exited with ${code}: ${output}`))));
  });
}

/**
 * A fresh, migrated database of its own on the tests' server, `<prefix>_<time>_<pid>`. For
 * suites whose Core Engine processes run the reconciler on a short interval: in the shared
 * database it would settle other suites' PENDING transactions against its own Mock Exchange
 * (which never heard of them: FAILED), and theirs ours.
 */
export async function createMigratedDatabase(prefix: string): Promise<string> {
  const url = withDatabase(serverUrl(), `${prefix}_${Date.now()}_${process.pid}`);
  await ensureDatabase(url);
  await migrate(url);
  return url;
}
