import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { RoundRobinProxy } from '../../../test/replicas/round-robin-proxy';

/**
 * The per-address rate limit behind a load balancer (TRUSTED_PROXIES, docs/scaling.md): the
 * client address is the one the listed proxy forwarded, so clients behind one proxy keep their
 * own budgets, and X-Forwarded-For from anyone else (or added by a client in front of the
 * proxy) changes nothing. Clients are told apart by their loopback source address (127.0.0.0/8
 * is all loopback on Linux); the proxy (test/replicas/round-robin-proxy.ts, appending the
 * client's address to X-Forwarded-For as Traefik does) reaches the Core Engine from 127.0.0.1.
 */
describe('TRUSTED_PROXIES: the per-address rate limit through a real proxy', () => {
  const LIMIT = 5;
  let h: CoreHarness;
  let bank: TestBank;
  let proxy: RoundRobinProxy;
  let coreUrl: string;

  beforeAll(async () => {
    // The per-bank limit off: only the per-address one answers 429 here.
    h = await CoreHarness.start({ TRUSTED_PROXIES: '127.0.0.1', RATE_LIMIT_PER_ADDRESS_PER_SECOND: String(LIMIT), RATE_LIMIT_PER_SECOND: '0' });
    await h.app.listen(0, '127.0.0.1');
    coreUrl = `http://127.0.0.1:${((h.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    proxy = await RoundRobinProxy.start([coreUrl]);
    bank = await h.createBank();
  });

  afterAll(async () => {
    await proxy.close();
    await h.stop();
  });

  // Each test waits out the previous one's rate-limit window.
  beforeEach(() => new Promise((r) => setTimeout(r, 1100)));

  /** GET a throttled route from the source address `from`, to `base` (the proxy or the Core Engine itself); resolves to the status. */
  function get(base: string, from: string, headers: Record<string, string> = {}): Promise<number> {
    const url = new URL('/api/v1/users/nobody/balances', base);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          localAddress: from,
          agent: false,
          headers: { 'x-api-key': bank.apiKey, ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const burst = (n: number, send: (i: number) => Promise<number>) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  const limited = (statuses: number[]) => statuses.filter((s) => s === 429).length;

  it('two clients behind the proxy get a budget each: one over its limit leaves the other untouched', async () => {
    // One burst of client A, three times its budget, then client B's burst of exactly its budget.
    const a = await burst(3 * LIMIT, () => get(proxy.url, '127.0.0.2'));
    const b = await burst(LIMIT, () => get(proxy.url, '127.0.0.3'));
    expect(limited(a)).toBeGreaterThanOrEqual(LIMIT);
    // Unknown customer: 404, the answer of a request that passed the limit.
    expect(b).toEqual(Array(LIMIT).fill(404));
  });

  it('a spoofed X-Forwarded-For is ignored: sent straight to the Core Engine, or put before the proxy', async () => {
    // From 127.0.0.4, not a listed proxy: each request claims another client; all count against 127.0.0.4.
    const direct = await burst(3 * LIMIT, (i) => get(coreUrl, '127.0.0.4', { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(limited(direct)).toBeGreaterThanOrEqual(LIMIT);
    // Through the proxy: "203.0.113.i, 127.0.0.5"; the proxy vouches only for the last address.
    const viaProxy = await burst(3 * LIMIT, (i) => get(proxy.url, '127.0.0.5', { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(limited(viaProxy)).toBeGreaterThanOrEqual(LIMIT);
    // And neither used up the budget of a client that sent nothing.
    expect(await burst(LIMIT, () => get(proxy.url, '127.0.0.6'))).toEqual(Array(LIMIT).fill(404));
  });
});
