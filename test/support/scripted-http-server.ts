import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Script = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/**
 * A tiny HTTP server on a loopback port that answers as its `script` says: a stand-in for a
 * dependency gone wrong (nonsense bodies, statuses no contract names, answers that never come).
 */
export class ScriptedHttpServer {
  script: Script = (_req, _body, res) => res.writeHead(404).end();
  readonly received: { method: string; url: string; body: string }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(script?: Script, port = 0): Promise<ScriptedHttpServer> {
    let self: ScriptedHttpServer | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        self?.received.push({ method: req.method ?? '', url: req.url ?? '', body });
        self?.script(req, body, res);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    self = new ScriptedHttpServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (script) self.script = script;
    return self;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
