import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { EVENT_ID_HEADER } from '@app/shared-types';

/**
 * A bank's webhook endpoint that answers 200 to everything and notes when each event id
 * arrived, to see how the replicas' outbox dispatchers share the outbox.
 */
export class WebhookRecorder {
  readonly deliveries = new Map<string, number[]>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookRecorder> {
    let recorder: WebhookRecorder | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers[EVENT_ID_HEADER] ?? 'none');
        recorder?.deliveries.set(id, [...(recorder.deliveries.get(id) ?? []), Date.now()]);
        res.writeHead(200).end('ok');
      });
    });
    recorder = new WebhookRecorder(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return recorder;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }
}

/** Points the banks' webhooks at `url` (their secret stays the seed's). */
export async function setWebhookUrl(databaseUrl: string, bankIds: string[], url: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE "Bank" SET "webhookUrl" = $1 WHERE id = ANY($2::uuid[])`, [url, bankIds]);
  } finally {
    await client.end();
  }
}

/** Waits until no outbox event of `bankIds` is PENDING; returns each event's id and final status. */
export async function waitForOutbox(databaseUrl: string, bankIds: string[], timeoutMs: number): Promise<{ id: string; status: string }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ id: string; status: string }>(`SELECT id, status FROM "OutboxEvent" WHERE "bankId" = ANY($1::uuid[])`, [
        bankIds,
      ]);
      if (!rows.some((r) => r.status === 'PENDING') || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await client.end();
  }
}
