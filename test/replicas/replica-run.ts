import Redis from 'ioredis';
import { Cluster, coreLogSummary, explainInternalErrors, startCluster } from '../concurrency/cluster';
import { Answer, formatWorkload, runWorkload, WorkloadReport } from '../concurrency/workload';
import { checkWorkload, CheckSummary, formatChecks, waitForSettled } from '../concurrency/workload-checks';
import { CoreProcess } from '../support/core-process';
import { RoundRobinProxy } from './round-robin-proxy';
import { setWebhookUrl, waitForOutbox, WebhookRecorder } from './webhook-recorder';

export interface ReplicaRunOptions {
  exchangeUrl: string;
  redisUrl: string;
  /** Every rate-limit key of the run starts with it (a Redis shared with other runs). */
  redisPrefix: string;
  replicas: number;
  operations: number;
  users: number;
  concurrency: number;
  reuseRatio: number;
  withdrawShare: number;
  seed: number;
  /** The share of the sends after which one replica is SIGKILLed (then started again). */
  killAfter: number;
  /** Per bank, and per address, for the rate-limit bursts. */
  bankLimit: number;
  addressLimit: number;
  onProgress?: (line: string) => void;
}

export interface Kill {
  replica: number;
  /** When the SIGKILL was sent, and when the process was seen gone (a request the proxy sent it until then was in flight). */
  at: number;
  diedAt: number;
  /** When the new process answered /health, and how many requests the proxy had sent it by the run's end. */
  restartedAt: number;
  answeredAfterRestart: number;
}

/** A burst of `sent` requests round-robin over the replicas; `passed` got past the limit (not 429). */
export interface Burst {
  sent: number;
  passed: number;
  limited: number;
  spanMs: number;
  /** What one counter allows in that span: the limit per window, windows at least 1 s apart. */
  sharedBound: number;
  byStatus: Record<string, number>;
}

export interface ReplicaRunResult {
  report: WorkloadReport;
  checks: CheckSummary;
  kill: Kill;
  pending: number;
  proxy: { answered: number[]; failures: number };
  /** The killed replica's 5xx, excused (each a 502 from the proxy for a request it had in flight). */
  excused: Answer[];
  /** redisLog: what RateLimitStorage logged during the bursts (it logs only when Redis stops or starts answering). */
  /**
   * The outbox, delivered by the three replicas' dispatchers: events in all, not DELIVERED, not
   * received by the bank, and received twice (at least once is the contract: a second send only
   * for an event the killed replica had claimed, i.e. first sent before it died).
   */
  outbox: { events: number; notDelivered: string[]; neverReceived: string[]; twice: { id: string; first: number; explained: boolean }[] };
  rateLimit: { bank: Burst; address: Burst; redisKeys: number; redisLog: string[] };
  /** Lines for a failure message: the logs of the processes behind any 5xx, their warnings. */
  explain: string[];
}

/**
 * Issue 17's three-process run, shared by test/replicas/replicas.e2e-spec.ts (small) and
 * `npm run test:replicas:full` (full size). Part 1: the mixed workload of test/concurrency
 * (deposits, buys, sells, withdrawals, repeated keys) through a round-robin proxy to
 * `replicas` Core Engines on one database; after `killAfter` of the sends one replica gets
 * SIGKILL and a new process takes its place behind the proxy; then every check of
 * workload-checks.ts. Part 2: `replicas` fresh Core Engines with small rate limits counting in
 * Redis, a burst for one bank and one of made-up keys from one address, each round-robin.
 */
export async function runReplicas(o: ReplicaRunOptions): Promise<ReplicaRunResult> {
  const say = o.onProgress ?? (() => undefined);
  const coreEnv = { REDIS_URL: o.redisUrl, REDIS_KEY_PREFIX: o.redisPrefix };
  const cluster: Cluster = await startCluster({ exchangeUrl: o.exchangeUrl, banks: 2, cores: o.replicas, coreEnv });
  const proxy = await RoundRobinProxy.start(cluster.cores.map((c) => c.url));
  const webhooks = await WebhookRecorder.start();
  const bankIds = cluster.banks.map((b) => b.id);
  const killedCores: CoreProcess[] = [];
  try {
    await setWebhookUrl(cluster.databaseUrl, bankIds, webhooks.url);
    say(`${o.replicas} Core Engines ${cluster.cores.map((c) => c.url).join(' ')} behind ${proxy.url}`);
    const victim = 1 % o.replicas;
    let kill: Promise<Omit<Kill, 'answeredAfterRestart'> & { answeredAtRestart: number }> | undefined;
    const killAndRestart = async () => {
      const old = cluster.cores[victim];
      killedCores.push(old);
      const at = Date.now();
      await old.kill('SIGKILL');
      const diedAt = Date.now();
      say(`replica #${victim} killed (SIGKILL)`);
      const fresh = await CoreProcess.start(cluster.coreEnv);
      cluster.cores[victim] = fresh; // cluster.close() stops it
      proxy.setBackend(victim, fresh.url);
      say(`replica #${victim} started again at ${fresh.url}`);
      return { replica: victim, at, diedAt, restartedAt: Date.now(), answeredAtRestart: proxy.answered[victim] };
    };
    const report = await runWorkload({
      coreUrls: [proxy.url],
      banks: cluster.banks,
      operations: o.operations,
      users: o.users,
      concurrency: o.concurrency,
      reuseRatio: o.reuseRatio,
      withdrawShare: o.withdrawShare,
      seed: o.seed,
      onProgress: (sent, total) => {
        if (!kill && sent >= o.killAfter * total) kill = killAndRestart();
      },
    });
    if (!kill) throw new Error('the run ended before the kill');
    const killed = await kill;
    const pending = await waitForSettled(cluster.databaseUrl, bankIds, 30_000);
    // A lease the killed replica held runs out (the webhook timeout + 5 s) before another replica sends that event.
    const events = await waitForOutbox(cluster.databaseUrl, bankIds, 30_000);
    // A 502 of the proxy for the killed replica, for a request sent before it was gone: in flight when it died.
    const inFlight = (a: Answer) => a.status === 502 && a.text.includes(`backend #${victim} failed`) && a.startedAt <= killed.diedAt;
    const checks = await checkWorkload(report, {
      databaseUrl: cluster.databaseUrl,
      exchangeUrl: o.exchangeUrl,
      coreUrl: proxy.url,
      banks: cluster.banks,
      excuse: inFlight,
    });
    const allCores = [...cluster.cores, ...killedCores];
    const explain = explainInternalErrors(
      report.answers.filter((a) => a.status >= 500 && !inFlight(a)).map((a) => a.text),
      allCores,
    );
    say(`${formatWorkload(report)}\n${formatChecks(checks)}`);
    say(
      `PENDING after the run: ${pending}; proxy: answered by replica ${proxy.answered.map((n, i) => `#${i} ${n}`).join(', ')}, ` +
        `${proxy.failures.length} failed mid-request; transactions settled by a reconciler: ` +
        `${allCores.map((c, i) => `#${i} ${coreLogSummary(c).reconciled}`).join(', ')}`,
    );

    const outbox = {
      events: events.length,
      notDelivered: events.filter((e) => e.status !== 'DELIVERED').map((e) => `${e.id} ${e.status}`),
      neverReceived: events.filter((e) => !webhooks.deliveries.has(e.id)).map((e) => e.id),
      twice: [...webhooks.deliveries]
        .filter(([, at]) => at.length > 1)
        .map(([id, at]) => ({ id, first: at[0], explained: at.length === 2 && at[0] <= killed.diedAt })),
    };
    say(`outbox: ${outbox.events} events, ${outbox.notDelivered.length} not DELIVERED, ${outbox.twice.length} received twice`);
    await Promise.all(cluster.cores.map((c) => c.kill('SIGTERM')));
    const rateLimit = await burstRateLimits(cluster, o, say);
    return {
      report,
      checks,
      kill: {
        replica: killed.replica,
        at: killed.at,
        diedAt: killed.diedAt,
        restartedAt: killed.restartedAt,
        answeredAfterRestart: proxy.answered[victim] - killed.answeredAtRestart,
      },
      pending,
      proxy: { answered: [...proxy.answered], failures: proxy.failures.length },
      excused: report.answers.filter(inFlight),
      outbox,
      rateLimit,
      explain,
    };
  } finally {
    await proxy.close();
    await webhooks.close();
    await cluster.close();
  }
}

async function burstRateLimits(cluster: Cluster, o: ReplicaRunOptions, say: (line: string) => void): Promise<ReplicaRunResult['rateLimit']> {
  const env = {
    ...cluster.coreEnv,
    RATE_LIMIT_PER_SECOND: String(o.bankLimit),
    RATE_LIMIT_PER_ADDRESS_PER_SECOND: String(o.addressLimit),
    // No reconciliation: these processes only count requests.
    RECONCILE_INTERVAL_MS: '0',
  };
  const cores = await Promise.all(Array.from({ length: o.replicas }, () => CoreProcess.start(env)));
  const proxy = await RoundRobinProxy.start(cores.map((c) => c.url));
  try {
    const bank = cluster.banks[0];
    const balances = (apiKey: string) => () =>
      fetch(`${proxy.url}/api/v1/users/cc_0/balances`, { headers: { 'x-api-key': apiKey } }).then(async (r) => ({
        status: r.status,
        code: ((await r.json()) as { errorCode?: string }).errorCode,
      }));
    // One request per replica first (its key lookup cached, its code warm), so the burst is short.
    await Promise.all(cores.map(() => balances(bank.apiKey)()));
    await new Promise((r) => setTimeout(r, 1100));
    // From here on every count must reach Redis (at boot a replica may count alone until connected).
    const logFrom = cores.map((c) => c.log.length);
    // Below the address limit: only the bank's limit can refuse.
    const bankBurst = await burst(o.bankLimit, Math.min(o.addressLimit - 1, 3 * o.bankLimit * o.replicas), balances(bank.apiKey));
    await new Promise((r) => setTimeout(r, 1100)); // the address window of the first burst ends
    // Keys nobody has: only the address limit lets them reach the key lookup (401).
    const addressBurst = await burst(o.addressLimit, 3 * o.addressLimit, balances(`ck_live_made_up_${'x'.repeat(24)}`));
    const redis = new Redis(o.redisUrl);
    const redisKeys = await redis.keys(`${o.redisPrefix}*`).finally(() => redis.disconnect());
    const redisLog = cores.flatMap((c, i) =>
      c.log
        .slice(logFrom[i])
        .split('\n')
        .filter((l) => l.includes('"RateLimitStorage"') && l.includes('"level":"warn"')),
    );
    say(
      `bank burst: ${JSON.stringify(bankBurst)}\naddress burst: ${JSON.stringify(addressBurst)}\nRedis keys under the run's prefix: ${redisKeys.length}`,
    );
    return { bank: bankBurst, address: addressBurst, redisKeys: redisKeys.length, redisLog };
  } finally {
    await proxy.close();
    await Promise.all(cores.map((c) => c.kill('SIGTERM')));
  }
}

async function burst(limit: number, sent: number, send: () => Promise<{ status: number; code?: string }>): Promise<Burst> {
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: sent }, send));
  const spanMs = Date.now() - started;
  const byStatus: Record<string, number> = {};
  for (const a of answers) byStatus[`${a.status} ${a.code ?? ''}`.trim()] = (byStatus[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1;
  const limited = answers.filter((a) => a.status === 429).length;
  return { sent, passed: sent - limited, limited, spanMs, sharedBound: limit * (Math.floor(spanMs / 1000) + 1), byStatus };
}

/** Everything the run must show, as one list of failures (empty: it held); the jest suite asserts each on its own. */
export function replicaFailures(run: ReplicaRunResult): string[] {
  const { bank, address, redisKeys, redisLog } = run.rateLimit;
  return [
    ...run.checks.violations.map((v) => `${v.check}: ${v.detail}`),
    ...(run.outbox.events > 0 ? [] : ['no outbox event to deliver']),
    ...run.outbox.notDelivered.map((e) => `outbox event not delivered: ${e}`),
    ...run.outbox.neverReceived.map((e) => `outbox event never reached the bank: ${e}`),
    ...run.outbox.twice.filter((t) => !t.explained).map((t) => `outbox event sent twice with no kill in between: ${t.id}`),
    ...(run.kill.answeredAfterRestart > 0 ? [] : ['the restarted replica answered nothing before the run ended']),
    ...(run.proxy.failures === run.excused.length
      ? []
      : [`the proxy failed ${run.proxy.failures} requests, ${run.excused.length} of them in flight at the kill`]),
    ...(bank.passed <= bank.sharedBound && bank.limited > 0 ? [] : [`per-bank limit not shared: ${JSON.stringify(bank)}`]),
    ...(address.passed <= address.sharedBound && address.limited > 0 ? [] : [`per-address limit not shared: ${JSON.stringify(address)}`]),
    ...(redisKeys > 0 && !redisLog.length ? [] : [`counters not in Redis: ${redisKeys} keys, ${redisLog.join('; ')}`]),
  ];
}
