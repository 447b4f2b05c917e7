import { createServer, connect, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * Two TCP proxies that watch the Core Engine's conversations without changing it: one in
 * front of PostgreSQL (it reads the wire protocol: every Sync or simple Query is one round
 * trip, closed by the server's ReadyForQuery, whose status byte says whether a transaction
 * is open), one in front of the exchange (HTTP/1.1: a request, then its answer). Used for a
 * short, separate phase only: a proxy in the path adds a little latency to every exchange.
 */

export interface RoundTrip {
  conn: number;
  /** The statements of this round trip (one for the pg driver's extended protocol). */
  sql: string[];
  /** Text parameters of its Bind messages (ids, amounts). */
  params: string[];
  start: number;
  end: number;
  /** Transaction status before and after: I idle, T in a transaction, E failed transaction. */
  before: string;
  after: string;
  error: boolean;
}

export interface HttpExchange {
  conn: number;
  requestLine: string;
  start: number;
  end: number;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

interface PgConnState {
  id: number;
  startupDone: boolean;
  expectRawByte: boolean;
  clientBuf: Buffer;
  serverBuf: Buffer;
  serverReady: boolean;
  statements: Map<string, string>;
  pendingSql: string[];
  pendingParams: string[];
  outstanding: { sql: string[]; params: string[]; start: number; error: boolean }[];
  status: string;
}

function cstring(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  return [buf.toString('utf8', offset, end), end + 1];
}

export class PgWireTrace {
  readonly trips: RoundTrip[] = [];
  recording = false;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private nextConn = 1;

  constructor(private readonly upstream: { host: string; port: number }) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.upstream.port, this.upstream.host);
    this.sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const st: PgConnState = {
      id: this.nextConn++,
      startupDone: false,
      expectRawByte: false,
      clientBuf: Buffer.alloc(0),
      serverBuf: Buffer.alloc(0),
      serverReady: false,
      statements: new Map(),
      pendingSql: [],
      pendingParams: [],
      outstanding: [],
      status: 'I',
    };
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      st.clientBuf = Buffer.concat([st.clientBuf, chunk]);
      this.readClient(st);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      st.serverBuf = Buffer.concat([st.serverBuf, chunk]);
      this.readServer(st);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  private readClient(st: PgConnState): void {
    for (;;) {
      const buf = st.clientBuf;
      if (!st.startupDone) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) st.expectRawByte = true;
        else st.startupDone = true;
        st.clientBuf = buf.subarray(len);
        continue;
      }
      if (buf.length < 5) return;
      const total = 1 + buf.readInt32BE(1);
      if (buf.length < total) return;
      const type = String.fromCharCode(buf[0]);
      const body = buf.subarray(5, total);
      st.clientBuf = buf.subarray(total);
      const now = performance.now();
      if (type === 'Q') {
        st.outstanding.push({ sql: [cstring(body, 0)[0]], params: [], start: now, error: false });
      } else if (type === 'P') {
        const [name, next] = cstring(body, 0);
        const [query] = cstring(body, next);
        st.statements.set(name, query);
        st.pendingSql.push(query);
      } else if (type === 'B') {
        const [, afterPortal] = cstring(body, 0);
        const [stmt, afterStmt] = cstring(body, afterPortal);
        if (st.pendingSql.length === 0 && st.statements.has(stmt)) st.pendingSql.push(st.statements.get(stmt) as string);
        let o = afterStmt;
        const formats = body.readInt16BE(o);
        o += 2 + 2 * formats;
        const count = body.readInt16BE(o);
        o += 2;
        for (let i = 0; i < count; i++) {
          const len = body.readInt32BE(o);
          o += 4;
          if (len >= 0) {
            if (len <= 64) st.pendingParams.push(body.toString('utf8', o, o + len));
            o += len;
          }
        }
      } else if (type === 'S') {
        st.outstanding.push({ sql: st.pendingSql, params: st.pendingParams, start: now, error: false });
        st.pendingSql = [];
        st.pendingParams = [];
      }
    }
  }

  private readServer(st: PgConnState): void {
    for (;;) {
      if (st.expectRawByte) {
        if (st.serverBuf.length < 1) return;
        st.serverBuf = st.serverBuf.subarray(1);
        st.expectRawByte = false;
        continue;
      }
      const buf = st.serverBuf;
      if (buf.length < 5) return;
      const total = 1 + buf.readInt32BE(1);
      if (buf.length < total) return;
      const type = String.fromCharCode(buf[0]);
      const body = buf.subarray(5, total);
      st.serverBuf = buf.subarray(total);
      if (type === 'E' && st.outstanding.length) st.outstanding[0].error = true;
      if (type !== 'Z') continue;
      const status = String.fromCharCode(body[0]);
      if (!st.serverReady) {
        // The first ReadyForQuery ends the connection's start-up, not a round trip.
        st.serverReady = true;
        st.status = status;
        continue;
      }
      const done = st.outstanding.shift();
      if (done && this.recording) {
        this.trips.push({ conn: st.id, ...done, end: performance.now(), before: st.status, after: status });
      }
      st.status = status;
    }
  }
}

export class HttpWireTrace {
  readonly exchanges: HttpExchange[] = [];
  recording = false;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private nextConn = 1;

  constructor(private readonly upstream: { host: string; port: number }) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.upstream.port, this.upstream.host);
    this.sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const id = this.nextConn++;
    let open: { requestLine: string; start: number } | null = null;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (!open) {
        const firstLine = chunk.toString('latin1', 0, Math.min(chunk.length, 200)).split('\r\n')[0];
        if (/^[A-Z]+ \S+ HTTP\//.test(firstLine)) open = { requestLine: firstLine, start: performance.now() };
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (open) {
        if (this.recording) this.exchanges.push({ conn: id, ...open, end: performance.now() });
        open = null;
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}
