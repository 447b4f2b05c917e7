import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeldRequestsService } from '../src/faults/held-requests.service';
import { startTestExchange } from './support/mock-exchange-test-app';

describe('shutdown with held requests (e2e)', () => {
  it('app.close() finishes while a hung request is still open, and drops it', async () => {
    const exchange = await startTestExchange({ MOCK_EXCHANGE_HANG: 'true' });
    await exchange.app.listen(0, '127.0.0.1');
    const { port } = exchange.server.address() as AddressInfo;

    // A client that would wait forever: no timeout of its own.
    const outcome = new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/ticker?symbol=AZNUSDT' }, (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`dropped ${err.code ?? err.message}`));
      req.end();
    });

    const held = exchange.app.get(HeldRequestsService);
    for (let i = 0; i < 200 && held.count === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(held.count).toBe(1);

    await exchange.close();
    expect(await outcome).toBe('dropped ECONNRESET');
  });
});
