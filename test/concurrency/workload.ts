import { loadavg } from 'node:os';

/**
 * A reproducible mixed workload for the Core Engine (issue 6, section 3): deposits, buys and
 * sells (and, when asked, withdrawals) of many users of several banks, sent by concurrent clients to one or more Core Engine
 * processes, with a share of the requests repeating another request's idempotency key, some
 * at the same moment (fired together) and some later (after the first answer).
 *
 * What is sent is decided up front from a seed (users, amounts, keys, which process each
 * request goes to); only the interleaving depends on timing. Every answer is recorded,
 * byte for byte, for the checks in workload-checks.ts.
 */

export type OperationKind = 'deposit' | 'buy' | 'sell' | 'withdraw';
/**
 * original: the first send of a key; same-moment: fired together with it; later: after every
 * earlier send answered; retry: after the run, what a client does with a key that got a 5xx
 * or no answer (send it again, and again while the answer is 409 or 5xx).
 */
export type SendMode = 'original' | 'same-moment' | 'later' | 'retry';

export interface WorkloadBank {
  id: string;
  code: string;
  apiKey: string;
}

export interface WorkloadOptions {
  /** Core Engine base URLs; each request goes to one of them, chosen at random. */
  coreUrls: string[];
  banks: WorkloadBank[];
  /** Requests in total, repeats of a key included. */
  operations: number;
  /** Customers, spread round-robin over the banks. */
  users: number;
  /** Clients sending at once (a same-moment group occupies one client). */
  concurrency: number;
  /** Share of the requests that repeat an earlier request's key (and body). */
  reuseRatio: number;
  /** Of the repeats, the share fired together with their original (default 0.5); the rest come later. */
  sameMomentShare?: number;
  /** Share of the keys a bank sends that another bank also sends (keys are per bank; default 0.02). */
  crossBankKeyRatio?: number;
  /** Share of the mixed requests that are withdrawals (default 0: deposits, buys and sells only). */
  withdrawShare?: number;
  seed: number;
  /** bankUserId prefix (default "cc_"). */
  userPrefix?: string;
  /** A request without an answer after this counts as a transport failure (default 30 s). */
  requestTimeoutMs?: number;
  /** Retries of a key that got a 5xx or no answer, one a second (default 30; 0: none). */
  retryAttempts?: number;
  onProgress?: (sent: number, total: number) => void;
}

export interface PlannedOperation {
  index: number;
  kind: OperationKind;
  bank: WorkloadBank;
  bankUserId: string;
  key: string;
  path: string;
  body: Record<string, string>;
  /** Opening deposits (one per user, before the rest) create every customer. */
  phase: 'opening' | 'mixed';
  /** Where each send of this key goes, in order: [original, ...repeats]. */
  sends: { mode: SendMode; core: number }[];
}

export interface Answer {
  op: number;
  kind: OperationKind;
  bankId: string;
  key: string;
  bankUserId: string;
  mode: SendMode;
  core: number;
  /** 0: no HTTP answer (see `transportError`). */
  status: number;
  /** The body exactly as received. */
  text: string;
  errorCode: string | null;
  transactionId: string | null;
  data: Record<string, unknown> | null;
  transportError: string | null;
  startedAt: number;
  ms: number;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface WorkloadReport {
  options: Omit<WorkloadOptions, 'banks' | 'onProgress'> & { banks: string[] };
  operations: PlannedOperation[];
  answers: Answer[];
  requests: number;
  distinctKeys: number;
  repeats: { sameMoment: number; later: number; crossBankKeys: number };
  /** Keys retried after a 5xx or no answer, and the retries sent. */
  retried: { keys: number; sends: number };
  byKind: Record<OperationKind, number>;
  byStatus: Record<string, number>;
  byCore: number[];
  openingMs: number;
  mixedMs: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  latencyMsByKind: Record<OperationKind, LatencySummary>;
  /** The machine's 1-minute load average before and after the run (the cores share it with everything else). */
  loadAverage: [number, number];
}

/** mulberry32: a tiny seeded PRNG (32-bit state), enough for reproducible test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS: Record<OperationKind, string> = {
  deposit: '/api/v1/funding/deposit',
  buy: '/api/v1/trade/buy',
  sell: '/api/v1/trade/sell',
  withdraw: '/api/v1/funding/withdraw',
};

/** Amounts in cents: buys small next to deposits, so users rarely run out of AZN; sells take part of what was bought. */
const AMOUNT_CENTS: Record<OperationKind, [number, number]> = {
  deposit: [5_000, 50_000],
  buy: [100, 4_000],
  sell: [50, 1_500],
  withdraw: [100, 3_000],
};
const MIXED_SHARES: [OperationKind, number][] = [
  ['deposit', 0.2],
  ['buy', 0.45],
  ['sell', 0.35],
];

/** Decides every request of the run from the seed. */
export function planWorkload(options: WorkloadOptions): PlannedOperation[] {
  const { operations, users, banks, coreUrls, reuseRatio } = options;
  const sameMomentShare = options.sameMomentShare ?? 0.5;
  const crossBankKeyRatio = options.crossBankKeyRatio ?? 0.02;
  const prefix = options.userPrefix ?? 'cc_';
  const random = mulberry32(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const cents = ([lo, hi]: [number, number]) => lo + pick(hi - lo + 1);
  const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

  const repeats = Math.round(operations * reuseRatio);
  const originals = operations - repeats;
  if (!banks.length || !coreUrls.length) throw new Error('runWorkload needs at least one bank and one Core Engine');
  if (originals < users)
    throw new Error(`${operations} operations leave ${originals} originals for ${users} users: each user needs an opening deposit`);

  const keysOfBank = banks.map(() => new Set<string>());
  const keyLog: { bank: number; key: string }[] = [];
  const newKey = (bank: number): string => {
    if (banks.length > 1 && random() < crossBankKeyRatio) {
      const foreign = keyLog.filter((k) => k.bank !== bank && !keysOfBank[bank].has(k.key));
      if (foreign.length) {
        const key = foreign[pick(foreign.length)].key;
        keysOfBank[bank].add(key);
        return key;
      }
    }
    const key = uuidFrom(random);
    keysOfBank[bank].add(key);
    keyLog.push({ bank, key });
    return key;
  };

  const plan: PlannedOperation[] = [];
  for (let i = 0; i < originals; i++) {
    const opening = i < users;
    const user = opening ? i : pick(users);
    const bankIndex = user % banks.length;
    let kind: OperationKind = 'deposit';
    if (!opening) {
      // Drawn only when withdrawals are asked for: the other runs keep the plans their seeds always gave.
      if (options.withdrawShare && random() < options.withdrawShare) kind = 'withdraw';
      else {
        let r = random();
        kind = MIXED_SHARES.find(([, share]) => (r -= share) < 0)?.[0] ?? 'buy';
      }
    }
    const amount = money(cents(AMOUNT_CENTS[kind]));
    const bankUserId = `${prefix}${user}`;
    plan.push({
      index: i,
      kind,
      bank: banks[bankIndex],
      bankUserId,
      key: newKey(bankIndex),
      path: PATHS[kind],
      body: { bankUserId, amount, currency: kind === 'sell' ? 'USDT' : 'AZN' },
      phase: opening ? 'opening' : 'mixed',
      sends: [{ mode: 'original', core: pick(coreUrls.length) }],
    });
  }

  // Repeats: 1 to 3 per chosen original; each goes to another process than the one before it.
  let left = repeats;
  const free = plan.map((_, i) => i);
  while (left > 0 && free.length) {
    const op = plan[free.splice(pick(free.length), 1)[0]];
    const r = random();
    const count = Math.min(left, r < 0.7 ? 1 : r < 0.9 ? 2 : 3);
    for (let j = 0; j < count; j++) {
      const mode: SendMode = random() < sameMomentShare ? 'same-moment' : 'later';
      op.sends.push({ mode, core: (op.sends[0].core + 1 + j) % coreUrls.length });
    }
    left -= count;
  }
  return plan;
}

/** A version-4 UUID from the seeded PRNG (lowercase, as the Core Engine stores keys). */
function uuidFrom(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type Task = { op: PlannedOperation; sends: { mode: SendMode; core: number }[] };

/**
 * Runs the workload: first the opening deposits (every customer exists before anyone trades
 * on it), then the rest, each phase by `concurrency` clients pulling from one queue. A task
 * sends an original with its same-moment repeats at once (Promise.all); each later repeat is
 * queued after the previous send of its key answered, a few places back, so that it meets
 * other traffic and may reach the other process. Last, keys answered 5xx (or not at all) are
 * retried as a client would (see `retryAttempts`); the throughput counts the two phases only.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadReport> {
  const operations = planWorkload(options);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const answers: Answer[] = [];
  const total = operations.reduce((n, op) => n + op.sends.length, 0);
  const shuffle = mulberry32(options.seed ^ 0x5bd1e995);

  const send = async (op: PlannedOperation, mode: SendMode, core: number): Promise<Answer> => {
    const startedAt = Date.now();
    const t0 = performance.now();
    let status = 0;
    let text = '';
    let transportError: string | null = null;
    try {
      const res = await fetch(`${options.coreUrls[core]}${op.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': op.bank.apiKey, 'x-idempotency-key': op.key },
        body: JSON.stringify(op.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      transportError = cause ?? (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
    const parsed = parseEnvelope(text);
    const answer: Answer = {
      op: op.index,
      kind: op.kind,
      bankId: op.bank.id,
      key: op.key,
      bankUserId: op.bankUserId,
      mode,
      core,
      status,
      text,
      errorCode: parsed.errorCode,
      transactionId: typeof parsed.data?.transactionId === 'string' ? parsed.data.transactionId : null,
      data: parsed.data,
      transportError,
      startedAt,
      ms: performance.now() - t0,
    };
    answers.push(answer);
    options.onProgress?.(answers.length, total);
    return answer;
  };

  const runPhase = async (ops: PlannedOperation[]): Promise<number> => {
    const started = performance.now();
    const queue: Task[] = ops.map((op) => ({ op, sends: op.sends.filter((s) => s.mode !== 'later') }));
    let busy = 0;
    const client = async () => {
      for (;;) {
        const task = queue.shift();
        if (!task) {
          if (busy === 0) return;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        busy++;
        try {
          await Promise.all(task.sends.map((s) => send(task.op, s.mode, s.core)));
          const sentLater = task.op.sends.filter((s) => s.mode === 'later');
          const done = answers.filter((a) => a.op === task.op.index && a.mode === 'later').length;
          const next = sentLater[done];
          if (next) queue.splice(Math.min(queue.length, Math.floor(shuffle() * 4 * options.concurrency)), 0, { op: task.op, sends: [next] });
        } finally {
          busy--;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, client));
    return performance.now() - started;
  };

  const loadBefore = loadavg()[0];
  const started = performance.now();
  const openingMs = await runPhase(operations.filter((op) => op.phase === 'opening'));
  const mixedMs = await runPhase(operations.filter((op) => op.phase === 'mixed'));
  const durationMs = performance.now() - started;
  const sentInPhases = answers.length;

  // A client told 5xx (or nothing) does not know the outcome: it sends the key again. Until
  // the first request's outcome is stored (reconciliation may be needed) that answers 409.
  const attempts = options.retryAttempts ?? 30;
  const unanswered = operations.filter((op) => {
    const sends = answers.filter((a) => a.op === op.index);
    return sends.some((a) => a.status === 0 || a.status >= 500) && !sends.some((a) => a.status === 201 || a.status === 202);
  });
  let retrySends = 0;
  await Promise.all(
    unanswered.map(async (op, i) => {
      for (let attempt = 0; attempt < attempts; attempt++) {
        const last = await send(op, 'retry', (op.sends[0].core + 1 + attempt) % options.coreUrls.length);
        retrySends++;
        if (last.status !== 0 && last.status < 500 && last.status !== 409) break;
        await new Promise((r) => setTimeout(r, 1000 + (i % 10) * 10));
      }
    }),
  );

  const byStatus: Record<string, number> = {};
  for (const a of answers) {
    const label = a.status === 0 ? 'no answer' : a.errorCode ? `${a.status} ${a.errorCode}` : String(a.status);
    byStatus[label] = (byStatus[label] ?? 0) + 1;
  }
  const byKind = { deposit: 0, buy: 0, sell: 0, withdraw: 0 };
  for (const a of answers) byKind[a.kind]++;
  const byCore = options.coreUrls.map((_, i) => answers.filter((a) => a.core === i).length);
  const keyCount = new Map<string, number>();
  for (const op of operations) keyCount.set(op.key, (keyCount.get(op.key) ?? 0) + 1);
  const { banks, onProgress: _onProgress, ...rest } = options;

  return {
    options: { ...rest, banks: banks.map((b) => b.code) },
    operations,
    answers,
    requests: answers.length,
    distinctKeys: operations.length,
    repeats: {
      sameMoment: operations.reduce((n, op) => n + op.sends.filter((s) => s.mode === 'same-moment').length, 0),
      later: operations.reduce((n, op) => n + op.sends.filter((s) => s.mode === 'later').length, 0),
      crossBankKeys: [...keyCount.values()].filter((n) => n > 1).length,
    },
    retried: { keys: unanswered.length, sends: retrySends },
    byKind,
    byStatus,
    byCore,
    openingMs: Math.round(openingMs),
    mixedMs: Math.round(mixedMs),
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((sentInPhases / durationMs) * 1000 * 10) / 10,
    latencyMs: latency(answers.map((a) => a.ms)),
    latencyMsByKind: {
      deposit: latency(answers.filter((a) => a.kind === 'deposit').map((a) => a.ms)),
      buy: latency(answers.filter((a) => a.kind === 'buy').map((a) => a.ms)),
      sell: latency(answers.filter((a) => a.kind === 'sell').map((a) => a.ms)),
      withdraw: latency(answers.filter((a) => a.kind === 'withdraw').map((a) => a.ms)),
    },
    loadAverage: [Math.round(loadBefore * 10) / 10, Math.round(loadavg()[0] * 10) / 10],
  };
}

function parseEnvelope(text: string): { errorCode: string | null; data: Record<string, unknown> | null } {
  try {
    const body = JSON.parse(text) as { success?: boolean; errorCode?: unknown; data?: unknown };
    return {
      errorCode: typeof body.errorCode === 'string' ? body.errorCode : null,
      data: body.success === true && body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : null,
    };
  } catch {
    return { errorCode: null, data: null };
  }
}

function latency(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) : 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? Math.round(sorted[sorted.length - 1]) : 0 };
}

/** One screenful: what ran, how fast, what came back. */
export function formatWorkload(report: WorkloadReport): string {
  const o = report.options;
  return [
    `${report.requests} requests (${report.distinctKeys} keys; repeats: ${report.repeats.sameMoment} same-moment, ${report.repeats.later} later; ` +
      `${report.repeats.crossBankKeys} keys sent by two banks) from ${o.users} users of ${o.banks.length} banks, ` +
      `${o.concurrency} clients, ${o.coreUrls.length} Core Engine processes, seed ${o.seed}`,
    ...(report.retried.keys
      ? [`  retried after a 5xx or no answer: ${report.retried.keys} keys, ${report.retried.sends} sends (counted below)`]
      : []),
    `  by kind: ${Object.entries(report.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  by answer: ${Object.entries(report.byStatus)
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
    `  by process: ${report.byCore.map((n, i) => `#${i} ${n}`).join(', ')}`,
    `  time: ${(report.durationMs / 1000).toFixed(1)} s (opening deposits ${(report.openingMs / 1000).toFixed(1)} s, mixed ${(report.mixedMs / 1000).toFixed(1)} s), ` +
      `${report.requestsPerSecond} requests/s; load average ${report.loadAverage[0]} before, ${report.loadAverage[1]} after`,
    ...(['all', 'deposit', 'buy', 'sell', ...(report.byKind.withdraw ? (['withdraw'] as const) : [])] as const).map((kind) => {
      const l = kind === 'all' ? report.latencyMs : report.latencyMsByKind[kind];
      return `  latency ms (${kind}): p50 ${l.p50}, p95 ${l.p95}, p99 ${l.p99}, max ${l.max}`;
    }),
  ].join('\n');
}
