/**
 * An embedded PostgreSQL for machines that have only Node: PGlite (PostgreSQL compiled to
 * WASM) behind its wire-protocol socket server. Used by the demo when DATABASE_URL is not
 * set. Single process: fine for a demo, not a stand-in for the concurrency tests, which
 * run on a real server.
 *
 *   tsx scripts/db/embedded-postgres.ts [--port 54329] [--dir .data/pglite]
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(arg('port', '54329'));
  const dir = resolve(arg('dir', '.data/pglite'));
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  // The apps each keep a pool; the socket server queues queries and keeps a transaction's
  // statements together, so many connections are safe (they just take turns).
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  process.stdout.write(`embedded PostgreSQL (PGlite) listening on 127.0.0.1:${port}, data in ${dir}\n`);
  const stop = async () => {
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
