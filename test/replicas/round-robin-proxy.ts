import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the proxy could not complete: its backend failed after the request had been sent. */
export interface ProxyFailure {
  backend: number;
  at: number;
  method: string;
  path: string;
  error: string;
}

/**
 * The load balancer of the replica tests, in a few lines: each request goes to the next backend
 * in turn. A backend that refuses the connection never saw the request, so the request goes to
 * the next one (nginx's `proxy_next_upstream error`, which deploy/nginx.conf sets too); a backend
 * that fails after the request was sent (a replica killed mid-request) may have acted on it, so
 * the client gets a 502 naming that backend and decides (the workload retries the key, as a bank
 * would). No keep-alive to the backends: a reused socket to a killed replica would blur the two.
 * Like Traefik and nginx, it appends the client's address to X-Forwarded-For (what the Core
 * Engine reads with TRUSTED_PROXIES naming the proxy).
 */
export class RoundRobinProxy {
  readonly failures: ProxyFailure[] = [];
  /** Requests each backend answered. */
  readonly answered: number[];
  private next = 0;

  private constructor(
    private readonly server: Server,
    private readonly backends: URL[],
  ) {
    this.answered = backends.map(() => 0);
  }

  static async start(backendUrls: string[]): Promise<RoundRobinProxy> {
    let proxy: RoundRobinProxy | undefined;
    const server = createServer((req, res) => proxy?.handle(req, res));
    proxy = new RoundRobinProxy(
      server,
      backendUrls.map((u) => new URL(u)),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Points backend `index` at a restarted replica (a new port). */
  setBackend(index: number, url: string): void {
    this.backends[index] = new URL(url);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.forward(req, res, Buffer.concat(chunks), 0));
  }

  /**
   * `index`: the backend to try; a retry after a refusal takes the one after the refuser (the
   * shared turn counter may have moved on to the refuser again meanwhile, under load).
   */
  private forward(req: IncomingMessage, res: ServerResponse, body: Buffer, tried: number, index = this.next++ % this.backends.length): void {
    const target = this.backends[index];
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const headers = { ...req.headers, 'x-forwarded-for': forwardedFor, connection: 'close' };
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => this.answered[index]++);
      answer.on('error', (err) => this.fail(res, index, req, err));
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && tried + 1 < this.backends.length)
        return this.forward(req, res, body, tried + 1, (index + 1) % this.backends.length);
      this.fail(res, index, req, err);
    });
    upstream.end(body);
  }

  private fail(res: ServerResponse, backend: number, req: IncomingMessage, err: NodeJS.ErrnoException): void {
    const error = err.code ?? err.message;
    this.failures.push({ backend, at: Date.now(), method: req.method ?? '', path: req.url ?? '', error });
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ proxy: `backend #${backend} failed: ${error}` }));
  }
}
