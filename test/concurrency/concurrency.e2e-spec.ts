import { expectLedgerInvariants } from '../support/ledger-invariants';
import { MockExchangeHandle, startMockExchange } from '../support/mock-exchange-harness';
import { Cluster, coreLogSummary, explainInternalErrors, startCluster } from './cluster';
import { checkWorkload, CheckSummary, formatChecks, Violation, waitForSettled } from './workload-checks';
import { formatWorkload, runWorkload, WorkloadReport } from './workload';

/**
 * Issue 6, section 3 at CI size: mixed deposits, buys and sells of 40 users of 2 banks by 16
 * concurrent clients against two Core Engine processes sharing one database, 10% of the
 * requests repeating a key (half fired at the same moment as the first, half later, each to
 * the other process). Each key executes once, no answer is a 5xx or undocumented, every
 * send of a key gets the same answer (or 409 while a same-moment twin runs), balances are
 * what the completed transactions imply, and the books are whole.
 * `npm run test:concurrency:full` runs the full size (2,000 requests, 100 users, 32 clients);
 * CONCURRENCY_OPERATIONS, _USERS, _CLIENTS and _SEED change this one's size and data.
 * The findings of a failed run are printed above the test results, with the core's log
 * entries that explain each 5xx and 202.
 */
const SIZE = {
  operations: Number(process.env.CONCURRENCY_OPERATIONS ?? '300'),
  users: Number(process.env.CONCURRENCY_USERS ?? '40'),
  concurrency: Number(process.env.CONCURRENCY_CLIENTS ?? '16'),
  seed: Number(process.env.CONCURRENCY_SEED ?? '20261126'),
};

describe('concurrency: two banks, two Core Engine processes, repeated idempotency keys', () => {
  let exchange: MockExchangeHandle;
  let cluster: Cluster;
  let report: WorkloadReport;
  let checks: CheckSummary;

  beforeAll(async () => {
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.7000' });
    cluster = await startCluster({ exchangeUrl: exchange.url, banks: 2, cores: 2 });
    // expectLedgerInvariants() reads DATABASE_URL; jest gives each test file its own process.env.
    process.env.DATABASE_URL = cluster.databaseUrl;

    report = await runWorkload({
      coreUrls: cluster.cores.map((c) => c.url),
      banks: cluster.banks,
      reuseRatio: 0.1,
      ...SIZE,
    });
    const pending = await waitForSettled(
      cluster.databaseUrl,
      cluster.banks.map((b) => b.id),
      20_000,
    );
    checks = await checkWorkload(report, {
      databaseUrl: cluster.databaseUrl,
      exchangeUrl: exchange.url,
      coreUrl: cluster.cores[0].url,
      banks: cluster.banks,
    });
    const logs = cluster.cores.map(coreLogSummary);
    process.stdout.write(
      `${formatWorkload(report)}\n${formatChecks(checks)}\n  pending after the run: ${pending}; ` +
        `reconciler passes that found work: ${logs.map((l, i) => `#${i} ${l.passes}`).join(', ')}; ` +
        `transactions settled by a reconciler: ${logs.map((l, i) => `#${i} ${l.reconciled}`).join(', ')}\n`,
    );
    // A 202 or a violation is explained by what the processes logged (timeouts, reconciliation, stack traces).
    const internal = explainInternalErrors(
      report.answers.filter((a) => a.status >= 500).map((a) => a.text),
      cluster.cores,
    );
    if (internal.length) process.stdout.write(`5xx answers, as logged:\n${internal.join('\n')}\n`);
    for (const [i, l] of logs.entries()) {
      if (l.problems.length)
        process.stdout.write(`core #${i} logged ${l.problems.length} warnings and errors, first ones:\n${l.problems.slice(0, 20).join('\n')}\n`);
    }
  }, 240_000);

  afterAll(async () => {
    await cluster?.close();
    await exchange?.close();
  });

  const violated = (check: Violation['check']) => checks.violations.filter((v) => v.check === check).map((v) => v.detail);

  it('sends every request and spreads them over both processes and both kinds of repeat', () => {
    expect(report.requests - report.retried.sends).toBe(SIZE.operations);
    expect(report.byCore.every((n) => n > SIZE.operations / 4)).toBe(true);
    expect(report.repeats.sameMoment).toBeGreaterThan(0);
    expect(report.repeats.later).toBeGreaterThan(0);
  });

  it('answers no 5xx and nothing undocumented', () => {
    expect(violated('no 5xx')).toEqual([]);
    expect(violated('documented answers only')).toEqual([]);
  });

  it('executes each idempotency key once and tells every send of it the same', () => {
    expect(violated('each key executed once')).toEqual([]);
    expect(violated('same answer for every send of a key')).toEqual([]);
  });

  it("leaves each user's balances at what its completed transactions imply, nothing PENDING", () => {
    expect(checks.usersChecked).toBe(SIZE.users);
    expect(violated('balances follow the completed transactions')).toEqual([]);
    expect(violated('nothing left PENDING')).toEqual([]);
    expect(violated('failed trades left nothing at the exchange')).toEqual([]);
  });

  it('keeps the books whole (ledger verifier, with the exchange asked about every trade)', async () => {
    expect(violated('ledger verifier')).toEqual([]);
    await expectLedgerInvariants();
  });
});
