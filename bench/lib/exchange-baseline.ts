import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LatencyRecorder, LatencySummary, round } from './latency';

export interface ExchangeResult {
  concurrency: number;
  seconds: number;
  /** Ticker + order pairs, i.e. what one buy asks of the exchange. */
  iterations: number;
  perSecond: number;
  latency: LatencySummary;
  errors: number;
  firstError?: string;
}

function call(agent: Agent, base: URL, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Baseline (b): the Mock Exchange alone, from `concurrency` keep-alive connections: per
 * iteration a ticker and a market order with a fresh client order id, as a buy makes them.
 */
export async function runExchange(exchangeUrl: string, concurrency: number, seconds: number, quantity: string): Promise<ExchangeResult> {
  const base = new URL(exchangeUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latency = new LatencyRecorder();
  let iterations = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        try {
          const ticker = await call(agent, base, 'GET', '/ticker?symbol=AZNUSDT');
          if (ticker !== 200) throw new Error(`ticker answered ${ticker}`);
          const order = await call(
            agent,
            base,
            'POST',
            '/order',
            JSON.stringify({ symbol: 'AZNUSDT', side: 'BUY', quantity, type: 'MARKET', clientOrderId: `bench-${randomUUID()}` }),
          );
          if (order !== 201) throw new Error(`order answered ${order}`);
          iterations++;
          latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return {
    concurrency,
    seconds: round(elapsed, 2),
    iterations,
    perSecond: round(iterations / elapsed, 0),
    latency: latency.summary(),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}
