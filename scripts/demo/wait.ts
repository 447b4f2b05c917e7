import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process behind ${url} exited (see its log)`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms (${last})`);
}

/** Polls until the PostgreSQL at `url` answers a query (a listening port may still be starting up). */
export async function waitForPostgres(url: string, timeoutMs: number, isAlive: () => boolean, logPath: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  const tail = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n  ') : '');
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the embedded PostgreSQL exited (log: ${logPath}):\n  ${tail()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the PostgreSQL at ${url.replace(/:[^:@/]+@/, ':***@')} did not answer within ${timeoutMs} ms (${last}; log: ${logPath})`);
}
