import { MockExchangeHandle, startMockExchange } from '../support/mock-exchange-harness';
import { testRedisUrl, uniqueRedisPrefix } from '../support/test-redis';
import { ReplicaRunResult, runReplicas } from './replica-run';

/**
 * Issue 17, section 3 at CI size: three Core Engine processes on one database behind a
 * round-robin proxy, mixed deposits, buys, sells and withdrawals of 24 users of 2 banks with
 * 10% of the keys sent again; a quarter of the way in one replica is SIGKILLed and a new
 * process takes its place. No 5xx but the killed replica's requests in flight, every check of
 * test/concurrency/workload-checks.ts, and the rate limits (counted in Redis) hold across the
 * replicas. `npm run test:replicas:full` runs the full size; REPLICAS_OPERATIONS, _USERS,
 * _CLIENTS and _SEED change this one. The run's summary is printed above the test results.
 */
const SIZE = {
  operations: Number(process.env.REPLICAS_OPERATIONS ?? '160'),
  users: Number(process.env.REPLICAS_USERS ?? '24'),
  concurrency: Number(process.env.REPLICAS_CLIENTS ?? '12'),
  seed: Number(process.env.REPLICAS_SEED ?? '20261204'),
};
const REPLICAS = 3;
const BANK_LIMIT = 4;
const ADDRESS_LIMIT = 20;

describe('replicas: three Core Engines behind a load balancer, one killed and restarted, rate limits in Redis', () => {
  let exchange: MockExchangeHandle;
  let run: ReplicaRunResult;
  const lines: string[] = [];

  beforeAll(async () => {
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.7000' });
    run = await runReplicas({
      exchangeUrl: exchange.url,
      redisUrl: testRedisUrl(),
      redisPrefix: uniqueRedisPrefix('replicas'),
      replicas: REPLICAS,
      ...SIZE,
      reuseRatio: 0.1,
      withdrawShare: 0.15,
      killAfter: 0.25,
      bankLimit: BANK_LIMIT,
      addressLimit: ADDRESS_LIMIT,
      onProgress: (line) => lines.push(line),
    });
    process.stdout.write(`${lines.join('\n')}\n${run.explain.length ? `5xx answers, as logged:\n${run.explain.join('\n')}\n` : ''}`);
  }, 180_000);

  afterAll(async () => {
    await exchange?.close();
  });

  const violated = (check: string) => run.checks.violations.filter((v) => v.check === check).map((v) => v.detail);

  it('spreads the run over the three replicas, withdrawals included, and the restarted one serves again', () => {
    expect(run.report.byKind.withdraw).toBeGreaterThan(0);
    expect(run.proxy.answered.every((n) => n > SIZE.operations / 10)).toBe(true);
    expect(run.kill.restartedAt).toBeGreaterThan(run.kill.at);
    expect(run.kill.answeredAfterRestart).toBeGreaterThan(0);
  });

  it("answers no 5xx but the killed replica's requests in flight", () => {
    expect(violated('no 5xx')).toEqual([]);
    expect(violated('documented answers only')).toEqual([]);
    // The proxy failed nothing else: every request it could not complete is one of those.
    expect(run.proxy.failures).toBe(run.excused.length);
  });

  it('executes each key once and tells every send of it the same, across the kill', () => {
    expect(violated('each key executed once')).toEqual([]);
    expect(violated('same answer for every send of a key')).toEqual([]);
  });

  it('leaves balances at what the completed transactions imply, nothing PENDING, the books whole', () => {
    expect(run.checks.usersChecked).toBe(SIZE.users);
    expect(violated('balances follow the completed transactions')).toEqual([]);
    expect(violated('nothing left PENDING')).toEqual([]);
    expect(violated('failed trades left nothing at the exchange')).toEqual([]);
    expect(violated('ledger verifier')).toEqual([]);
    expect(run.checks.violations).toEqual([]);
  });

  it("delivers every outbox event through the replicas' dispatchers, a second time only for one the killed replica had claimed", () => {
    expect(run.outbox.events).toBeGreaterThan(0);
    expect(run.outbox.notDelivered).toEqual([]);
    expect(run.outbox.neverReceived).toEqual([]);
    expect(run.outbox.twice.filter((t) => !t.explained)).toEqual([]);
  });

  it('holds the per-bank limit across the replicas: three replicas do not allow three times it', () => {
    const { bank } = run.rateLimit;
    // What one shared counter allows in the burst's span; three counters of their own would allow three times as many per window.
    expect(bank.passed).toBeLessThanOrEqual(bank.sharedBound);
    expect(bank.passed).toBeGreaterThan(0);
    expect(bank.limited).toBeGreaterThan(0);
  });

  it('holds the per-address limit across the replicas, with the counters in Redis', () => {
    const { address, redisKeys, redisLog } = run.rateLimit;
    expect(address.passed).toBeLessThanOrEqual(address.sharedBound);
    expect(address.limited).toBeGreaterThan(0);
    expect(redisKeys).toBeGreaterThan(0);
    // RateLimitStorage warns when Redis stops answering; it did not during the bursts.
    expect(redisLog).toEqual([]);
  });
});
