import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { LatencyRecorder, LatencySummary, round } from './latency';

export interface BuyTarget {
  url: string;
  apiKey: string;
  /** Customer ids; buys go round-robin over them, so concurrent buys never share a user. */
  customers: string[];
  amount: string;
}

export interface LoadResult {
  concurrency: number;
  seconds: number;
  /** 201 COMPLETED answers. */
  completed: number;
  perSecond: number;
  latency: LatencySummary;
  /** Answers other than 201, by status and error code, plus connection errors and timeouts. */
  errors: number;
  errorKinds: Record<string, number>;
}

/**
 * POST /api/v1/trade/buy from `concurrency` keep-alive connections for `seconds`, each
 * request with a fresh idempotency key and the next customer in turn. Latency is recorded
 * for every answer; only 201 counts as a completed buy.
 */
export async function loadBuys(target: BuyTarget, concurrency: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const latency = new LatencyRecorder();
  const errorKinds: Record<string, number> = {};
  let completed = 0;
  const body = (customer: string) => JSON.stringify({ bankUserId: customer, amount: target.amount, currency: 'AZN' });
  let finished: (err: unknown, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = (err, result) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(result));
  });
  const instance = autocannon(
    {
      url: target.url,
      connections: concurrency,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/trade/buy',
          setupRequest: (req) => ({
            ...req,
            headers: {
              'content-type': 'application/json',
              'x-api-key': target.apiKey,
              'x-idempotency-key': randomUUID(),
            },
            body: body(target.customers[next++ % target.customers.length]),
          }),
          onResponse: (status, resBody) => {
            if (status === 201) return;
            let code = '';
            try {
              code = (JSON.parse(resBody) as { errorCode?: string; data?: { status?: string } }).errorCode ?? '';
            } catch {
              code = 'unreadable body';
            }
            const key = `${status}${code ? ` ${code}` : ''}`;
            errorKinds[key] = (errorKinds[key] ?? 0) + 1;
          },
        },
      ],
    },
    (err, result) => finished(err, result),
  );
  instance.on('response', (_client, status, _bytes, ms) => {
    latency.add(ms);
    if (status === 201) completed++;
  });
  instance.on('reqError', (err: Error) => {
    const key = `request error: ${err.message}`;
    errorKinds[key] = (errorKinds[key] ?? 0) + 1;
  });
  const result = await done;
  const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  return {
    concurrency,
    seconds: round(result.duration, 2),
    completed,
    perSecond: round(completed / result.duration, 0),
    latency: latency.summary(),
    errors,
    errorKinds,
  };
}

/** Sequential buys with their client-side windows (performance.now() clock), for the wire trace. */
export async function sequentialBuys(
  target: BuyTarget,
  count: number,
  clock: () => number,
): Promise<{ windows: { start: number; end: number }[]; failures: string[] }> {
  const windows: { start: number; end: number }[] = [];
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    const customer = target.customers[i % target.customers.length];
    const start = clock();
    const res = await fetch(`${target.url}/api/v1/trade/buy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey, 'x-idempotency-key': randomUUID() },
      body: JSON.stringify({ bankUserId: customer, amount: target.amount, currency: 'AZN' }),
    });
    const text = await res.text();
    const end = clock();
    if (res.status === 201) windows.push({ start, end });
    else failures.push(`${res.status} ${text.slice(0, 200)}`);
  }
  return { windows, failures };
}
