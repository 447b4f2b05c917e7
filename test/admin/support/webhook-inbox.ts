import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A bank's webhook endpoint that takes everything (2xx) and keeps what it got, for the test to check the signatures. */
export class WebhookInbox {
  readonly received: ReceivedWebhook[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookInbox> {
    let inbox: WebhookInbox | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        inbox?.received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    inbox = new WebhookInbox(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/core/webhooks`);
    return inbox;
  }

  /** The webhook about `transactionId`, once it came (the dispatcher polls every OUTBOX_POLL_MS). */
  async about(transactionId: string, timeoutMs = 10_000): Promise<ReceivedWebhook> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find((w) => w.body.includes(transactionId));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no webhook about ${transactionId}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
