import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACKNOWLEDGEMENT_PATH,
  AcknowledgementRequest,
  REQUEST_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '@app/shared-types';

/** `garbage`: a 2xx whose body is no acknowledgement (`{}`, as a proxy might answer). `other-reference`: acknowledged, for another reference. */
export type AckMode = 'acknowledge' | 'refuse' | 'error' | 'hang' | 'garbage' | 'other-reference';

/**
 * The bank's side of the acknowledgement contract, small enough for the Core Engine's own
 * tests: it checks each request's signature and answers as `mode` says. (The Mock Bank app
 * implements the same contract with customers and balances behind it.)
 */
export class AcknowledgingBank {
  mode: AckMode = 'acknowledge';
  readonly received: AcknowledgementRequest[] = [];
  /** The x-request-id of each acknowledgement request received, by reference. */
  readonly requestIds = new Map<string, string | undefined>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly secret: string,
  ) {}

  static async start(secret: string, port = 0): Promise<AcknowledgingBank> {
    let bank: AcknowledgingBank | undefined;
    const server = createServer((req, res) => bank?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    bank = new AcknowledgingBank(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret);
    return bank;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // Answers only with this bank's secret's name: the fault suite knows it is talking to its own bank.
      if (req.method === 'GET' && req.url === '/health') {
        return req.headers['x-bank-secret'] === this.secret ? this.answer(res, 200, { status: 'ok' }) : this.answer(res, 403, { error: 'not yours' });
      }
      if (req.method !== 'POST' || req.url !== ACKNOWLEDGEMENT_PATH) return this.answer(res, 404, { error: 'not found' });
      const check = verifySignature(
        this.secret,
        req.headers[TIMESTAMP_HEADER] as string | undefined,
        req.headers[SIGNATURE_HEADER] as string | undefined,
        body,
      );
      if (check !== 'ok') return this.answer(res, 401, { error: `signature ${check}` });
      const ack = JSON.parse(body) as AcknowledgementRequest;
      this.received.push(ack);
      this.requestIds.set(ack.reference, req.headers[REQUEST_ID_HEADER] as string | undefined);
      if (this.mode === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (this.mode === 'error') return this.answer(res, 500, { error: 'bank failure' });
      if (this.mode === 'garbage') return this.answer(res, 200, {});
      if (this.mode === 'other-reference') return this.answer(res, 200, { reference: `${ack.reference}-other`, acknowledged: false });
      const acknowledged = this.mode === 'acknowledge';
      this.answer(res, 200, { reference: ack.reference, acknowledged, ...(acknowledged ? {} : { reason: 'insufficient funds at the bank' }) });
    });
  }

  private answer(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
