import { Client } from 'pg';
import { round } from './latency';

/**
 * What the bench database's connections are doing, sampled from pg_stat_activity every few
 * milliseconds during a step. The mean number of connections per state says where the time
 * goes on the database side:
 * - "idle in transaction": a transaction is open and PostgreSQL waits for the client's next
 *   statement (its row locks stay held meanwhile);
 * - "active: Lock/transactionid" (or tuple): a statement waits for another transaction's
 *   row lock (the hot omnibus rows);
 * - "active: IO/WALSync" and the like: waiting for the commit to reach the disk;
 * - "active: running": executing;
 * - "idle": a pooled connection nobody uses.
 */
export class PgActivitySampler {
  private readonly client: Client;
  private readonly totals = new Map<string, number>();
  private samples = 0;
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    url: string,
    private readonly database: string,
    private readonly everyMs = 20,
  ) {
    this.client = new Client({ connectionString: url });
    // Dropping the database at the end (or on Ctrl-C) ends this connection: not an error here.
    this.client.on('error', () => undefined);
  }

  /** This sampler's own backend: not part of what is measured. */
  backendPid = 0;

  async open(): Promise<void> {
    await this.client.connect();
    this.backendPid = (await this.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  }

  start(): void {
    this.totals.clear();
    this.samples = 0;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let rows: { state: string | null; wait: string | null; n: string }[];
      try {
        rows = (
          await this.client.query<{ state: string | null; wait: string | null; n: string }>(
            `SELECT state, wait_event_type || '/' || wait_event AS wait, count(*) AS n
               FROM pg_stat_activity
              WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
              GROUP BY 1, 2`,
            [this.database],
          )
        ).rows;
      } catch {
        return; // the connection is gone (the run is stopping)
      }
      for (const row of rows) {
        const key = classify(row.state, row.wait);
        this.totals.set(key, (this.totals.get(key) ?? 0) + Number(row.n));
      }
      this.samples++;
      await new Promise((res) => setTimeout(res, this.everyMs));
    }
  }

  /** Mean connections per state over the samples, largest first. */
  async stop(): Promise<Record<string, number>> {
    this.running = false;
    await this.loop;
    const out: Record<string, number> = {};
    for (const [k, v] of [...this.totals].sort((a, b) => b[1] - a[1])) out[k] = round(v / Math.max(1, this.samples), 2);
    return out;
  }

  async close(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.client.end().catch(() => undefined);
  }
}

function classify(state: string | null, wait: string | null): string {
  if (state === 'active') return wait ? `active: ${wait}` : 'active: running';
  return state ?? 'unknown';
}
