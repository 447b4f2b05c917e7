import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics on a port of its own (METRICS_PORT), not on the banks' API port: a scrape
 * needs no API key, so it must not be reachable where the API is (keep this port on the
 * private network, as the probes). It answers from values in memory; the few that come from
 * the database are refreshed in the background (MetricsService), so a scrape costs no query.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(private readonly metrics: MetricsService) {}

  /** Starts listening (main.ts; a test may ask for port 0). Resolves with the port. */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    if (this.server) return (this.server.address() as AddressInfo).port;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
        (err: unknown) => {
          this.logger.error(`scrape failed: ${(err as Error)?.message ?? String(err)}`);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const bound = (server.address() as AddressInfo).port;
    this.logger.log(`metrics on port ${bound}`);
    return bound;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
