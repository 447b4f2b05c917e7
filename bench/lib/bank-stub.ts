import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACKNOWLEDGEMENT_PATH, AcknowledgementRequest, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@app/shared-types';

/**
 * The bench bank's side: it acknowledges every correctly signed acknowledgement request
 * and takes every webhook (200). The benchmark seeds balances in SQL, so neither is on the
 * measured path today; the stub is there so a bank with callback and webhook URLs is real.
 */
export class BankStub {
  acknowledgements = 0;
  webhooks = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(secret: string): Promise<BankStub> {
    let stub: BankStub | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const signed = verifySignature(
          secret,
          req.headers[TIMESTAMP_HEADER] as string | undefined,
          req.headers[SIGNATURE_HEADER] as string | undefined,
          body,
        );
        if (req.method !== 'POST' || signed !== 'ok') {
          res.writeHead(signed === 'ok' ? 404 : 401).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === ACKNOWLEDGEMENT_PATH) {
          if (stub) stub.acknowledgements++;
          const ack = JSON.parse(body) as AcknowledgementRequest;
          res.end(JSON.stringify({ reference: ack.reference, acknowledged: true }));
        } else {
          if (stub) stub.webhooks++;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub = new BankStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return stub;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
