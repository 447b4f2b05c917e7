import { INestApplication, Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

/**
 * SIGTERM or SIGINT: stop taking connections, let the requests in flight finish, then close
 * the app (Nest's hooks: the reconciler and the outbox stop, then the database pool closes).
 *
 * Nest's own enableShutdownHooks closes the modules first and the HTTP server last, so a trade
 * at the exchange when the signal came found its database gone and answered 202 PENDING for a
 * filled order (the fault suite's SIGTERM case). Here the server drains first.
 *
 * `drainMs` bounds the wait (a request hung on a dependency ends within its own timeouts
 * anyway); connections still open then are cut, and their transactions are left to the
 * reconciler, as after a crash. Exit code 0 once closed.
 */
export function closeGracefullyOnSignals(app: INestApplication, drainMs: number): void {
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  // Per connection: the answers being written on it, and whether it served one already.
  const connections = new Map<Socket, { answering: Set<ServerResponse>; served: boolean }>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { answering: new Set(), served: false });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (closing && !res.headersSent) res.setHeader('connection', 'close');
    connection?.answering.add(res);
    res.once('close', () => {
      connection?.answering.delete(res);
      if (connection) connection.served = true;
    });
  });

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: refusing new connections, draining the requests in flight (at most ${drainMs} ms)`);
    // net.Server's close: stop listening, call back once every connection has ended. (http's
    // own close first cuts every connection without a request being served, including one
    // whose first request is on its way: that client would see a reset for a request it sent.)
    const drained = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    for (const [socket, { answering, served }] of connections) {
      // Each answer being written closes its connection once sent.
      for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
      // A kept-alive connection between two requests: closed now. A connection that has not
      // yet delivered its first request is left to deliver it (served, then closed).
      if (answering.size === 0 && served) socket.destroySoon();
    }
    const deadline = setTimeout(() => {
      logger.warn('drain deadline reached: cutting the connections still open');
      server.closeAllConnections();
    }, drainMs);
    try {
      await drained;
    } finally {
      clearTimeout(deadline);
    }
    try {
      await app.close();
      logger.log('closed');
      process.exitCode = 0;
    } catch (err) {
      logger.error(`closing failed: ${(err as Error).message}`);
      process.exitCode = 1;
    }
    // Whatever handle is left (a socket of a library) must not keep a stopped app alive.
    setTimeout(() => process.exit(), 1000).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (s: NodeJS.Signals) => void shutdown(s));
}
