import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CoreRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the fake answers: a status and a JSON body, or 'drop' to cut the connection unanswered. */
export type FakeAnswer = { status: number; body: unknown } | 'drop';

/**
 * Stands in for the Core Engine where a test must control exactly what the core answers
 * (retries, dropped connections). It records every request it gets.
 */
export class FakeCore {
  readonly requests: CoreRequest[] = [];
  /** Answers in order; when they run out, `fallback` answers. */
  readonly script: FakeAnswer[] = [];
  fallback: (req: CoreRequest) => FakeAnswer = () => ({
    status: 404,
    body: { success: false, errorCode: 'NOT_FOUND', message: 'No such endpoint.' },
  });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeCore> {
    let core: FakeCore | undefined;
    const server = createServer((req, res) => core?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    core = new FakeCore(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return core;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const recorded: CoreRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      this.requests.push(recorded);
      const answer = this.script.shift() ?? this.fallback(recorded);
      if (answer === 'drop') {
        res.socket?.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  }
}

export const depositAnswer = (transactionId: string, amount: string, balance: string): FakeAnswer => ({
  status: 201,
  body: { success: true, data: { transactionId, status: 'COMPLETED', amount, currency: 'AZN', balance } },
});
