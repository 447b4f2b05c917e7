import { HttpExchange, RoundTrip } from './wire-trace';
import { LatencyRecorder, LatencySummary, round } from './latency';

/** A database transaction as seen on the wire: BEGIN's round trip to COMMIT's. */
export interface WireTransaction {
  trips: RoundTrip[];
  /** Opened with BEGIN (false: a statement in autocommit). */
  explicit: boolean;
  /** Index of the first round trip that names an omnibus account (its row lock is taken there). */
  omnibusAt: number;
}

/** "UPDATE Account", "SELECT Transaction", "BEGIN": what a statement does, in two words. */
export function statementKind(sql: string): string {
  const s = sql
    .replace(/"public"\./g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const verb = (/^\w+/.exec(s)?.[0] ?? '?').toUpperCase();
  const table =
    verb === 'SELECT'
      ? /\bFROM "?(\w+)"?/i.exec(s)?.[1]
      : verb === 'INSERT'
        ? /\bINTO "?(\w+)"?/i.exec(s)?.[1]
        : verb === 'UPDATE'
          ? /^UPDATE "?(\w+)"?/i.exec(s)?.[1]
          : verb === 'DELETE'
            ? /\bFROM "?(\w+)"?/i.exec(s)?.[1]
            : undefined;
  return table ? `${verb} ${table}` : verb;
}

export function shortSql(sql: string, max = 140): string {
  const s = sql
    .replace(/"public"\./g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Groups each connection's round trips into transactions, in order. */
export function transactionsOf(trips: RoundTrip[], omnibusIds: Set<string>): WireTransaction[] {
  const byConn = new Map<number, RoundTrip[]>();
  for (const t of trips) byConn.set(t.conn, [...(byConn.get(t.conn) ?? []), t]);
  const out: WireTransaction[] = [];
  for (const list of byConn.values()) {
    let current: RoundTrip[] | null = null;
    for (const trip of list.sort((a, b) => a.start - b.start)) {
      if (!current || trip.before === 'I') current = [];
      current.push(trip);
      if (trip.after === 'I') {
        out.push(finish(current, omnibusIds));
        current = null;
      }
    }
    if (current?.length) out.push(finish(current, omnibusIds));
  }
  return out.sort((a, b) => a.trips[0].start - b.trips[0].start);
}

function finish(trips: RoundTrip[], omnibusIds: Set<string>): WireTransaction {
  const explicit = trips.length > 1 || trips[0].after !== 'I' || /^\s*BEGIN/i.test(trips[0].sql[0] ?? '');
  const omnibusAt = trips.findIndex(
    (t) => t.params.some((p) => omnibusIds.has(p)) || t.sql.some((s) => [...omnibusIds].some((id) => s.includes(id))),
  );
  return { trips, explicit, omnibusAt };
}

const span = (tx: WireTransaction) => tx.trips[tx.trips.length - 1].end - tx.trips[0].start;
/** The omnibus row is locked once the first statement naming it has answered, until COMMIT has. */
const lockHeld = (tx: WireTransaction) => tx.trips[tx.trips.length - 1].end - tx.trips[tx.omnibusAt].end;
/** The first statement naming the omnibus row: mostly the wait for the row lock under load. */
const lockWait = (tx: WireTransaction) => tx.trips[tx.omnibusAt].end - tx.trips[tx.omnibusAt].start;
const dbTime = (trips: RoundTrip[]) => trips.reduce((s, t) => s + (t.end - t.start), 0);

export interface TimelineLine {
  atMs: number;
  ms: number;
  what: string;
}

export interface SequentialTrace {
  buys: number;
  latency: LatencySummary;
  roundTripsPerBuy: number;
  transactionsPerBuy: number;
  autocommitStatementsPerBuy: number;
  exchangeCallsPerBuy: Record<string, number>;
  /** Distinct TCP connections the buys used: a number near the buys' count means no keep-alive. */
  connectionsUsed: { database: number; exchange: number };
  statementKindsPerBuy: Record<string, number>;
  /** Mean milliseconds of a buy spent in each place (sequential buys: nothing overlaps). */
  meanMs: { total: number; database: number; exchange: number; coreEngine: number };
  /**
   * omnibusLockMs: from the answer to the first statement naming an omnibus row (its lock is
   * held from then on) to the COMMIT's answer; omnibusLockRoundTrips: the round trips after it.
   */
  postingTransaction: { roundTrips: number; ms: number; omnibusLockRoundTrips: number; omnibusLockMs: number };
  holdTransaction: { roundTrips: number; ms: number };
  /** The median buy, step by step. */
  typicalBuy: TimelineLine[];
}

/**
 * Sequential buys (one at a time), each with its HTTP window: what each buy sent to the
 * database and the exchange, and how long each part took.
 */
export function analyseSequential(
  windows: { start: number; end: number }[],
  trips: RoundTrip[],
  calls: HttpExchange[],
  omnibusIds: Set<string>,
): SequentialTrace {
  const latency = new LatencyRecorder();
  const per = windows.map((w) => {
    const inside = trips.filter((t) => t.start >= w.start && t.end <= w.end);
    const http = calls.filter((c) => c.start >= w.start && c.end <= w.end);
    const txs = transactionsOf(inside, omnibusIds);
    latency.add(w.end - w.start);
    return { w, inside, http, txs };
  });
  const n = Math.max(1, per.length);
  const mean = (f: (p: (typeof per)[number]) => number) => round(per.reduce((s, p) => s + f(p), 0) / n, 2);
  const kinds: Record<string, number> = {};
  const exchangeKinds: Record<string, number> = {};
  for (const p of per) {
    for (const t of p.inside) for (const s of t.sql) kinds[statementKind(s)] = (kinds[statementKind(s)] ?? 0) + 1 / n;
    for (const c of p.http) {
      const k = c.requestLine
        .split(' ')
        .slice(0, 2)
        .join(' ')
        .replace(/\?.*$/, '')
        .replace(/\/order\/.+/, '/order/:id');
      exchangeKinds[k] = (exchangeKinds[k] ?? 0) + 1 / n;
    }
  }
  const posting = per.map((p) => p.txs.find((t) => t.explicit && t.omnibusAt >= 0));
  const hold = per.map((p) => p.txs.find((t) => t.explicit && t.omnibusAt < 0));
  const meanOf = <T>(list: (T | undefined)[], f: (x: T) => number) => {
    const xs = list.filter((x): x is T => x !== undefined);
    return xs.length ? round(xs.reduce((s, x) => s + f(x), 0) / xs.length, 2) : 0;
  };
  const sorted = [...per].sort((a, b) => a.w.end - a.w.start - (b.w.end - b.w.start));
  const median = sorted[Math.floor(sorted.length / 2)];
  return {
    buys: per.length,
    latency: latency.summary(),
    roundTripsPerBuy: mean((p) => p.inside.length),
    transactionsPerBuy: mean((p) => p.txs.filter((t) => t.explicit).length),
    autocommitStatementsPerBuy: mean((p) => p.txs.filter((t) => !t.explicit).length),
    exchangeCallsPerBuy: roundValues(exchangeKinds),
    connectionsUsed: { database: new Set(trips.map((t) => t.conn)).size, exchange: new Set(calls.map((c) => c.conn)).size },
    statementKindsPerBuy: roundValues(kinds),
    meanMs: {
      total: mean((p) => p.w.end - p.w.start),
      database: mean((p) => dbTime(p.inside)),
      exchange: mean((p) => p.http.reduce((s, c) => s + (c.end - c.start), 0)),
      coreEngine: mean((p) => p.w.end - p.w.start - dbTime(p.inside) - p.http.reduce((s, c) => s + (c.end - c.start), 0)),
    },
    postingTransaction: {
      roundTrips: meanOf(posting, (t) => t.trips.length),
      ms: meanOf(posting, span),
      omnibusLockRoundTrips: meanOf(posting, (t) => t.trips.length - 1 - t.omnibusAt),
      omnibusLockMs: meanOf(posting, lockHeld),
    },
    holdTransaction: { roundTrips: meanOf(hold, (t) => t.trips.length), ms: meanOf(hold, span) },
    typicalBuy: median ? timeline(median.w, median.inside, median.http, median.txs) : [],
  };
}

function timeline(w: { start: number; end: number }, trips: RoundTrip[], calls: HttpExchange[], txs: WireTransaction[]): TimelineLine[] {
  const txOf = new Map<RoundTrip, string>();
  txs.forEach((tx, i) =>
    tx.trips.forEach((t, j) => txOf.set(t, tx.explicit ? `tx${i + 1}${j >= tx.omnibusAt && tx.omnibusAt >= 0 ? '*' : ''}` : 'auto')),
  );
  const lines: TimelineLine[] = [
    ...trips.map((t) => ({
      atMs: round(t.start - w.start, 2),
      ms: round(t.end - t.start, 2),
      what: `[${txOf.get(t)}] ${shortSql(t.sql.join('; '), 110)}`,
    })),
    ...calls.map((c) => ({
      atMs: round(c.start - w.start, 2),
      ms: round(c.end - c.start, 2),
      what: `[exchange] ${c.requestLine.replace(/ HTTP\/1\.1$/, '')}`,
    })),
  ];
  lines.sort((a, b) => a.atMs - b.atMs);
  lines.push({ atMs: round(w.end - w.start, 2), ms: 0, what: '[answer sent]' });
  return lines;
}

export interface LoadTrace {
  concurrency: number;
  seconds: number;
  completedBuys: number;
  roundTripsPerBuy: number;
  roundTripMs: LatencySummary;
  postingTransaction: {
    ms: LatencySummary;
    /** Waiting for the omnibus row lock (the first statement naming the row). */
    omnibusWaitMs: LatencySummary;
    /** Holding it: from that statement's answer to the COMMIT's. */
    omnibusLockMs: LatencySummary;
    roundTrips: number;
    waitingOnCoreShare: number;
  };
  holdTransaction: { ms: LatencySummary; waitingOnCoreShare: number };
  exchangeMs: Record<string, LatencySummary>;
}

/** Round trips, transactions and exchange calls of a burst of concurrent buys. */
export function analyseLoad(
  concurrency: number,
  seconds: number,
  completedBuys: number,
  trips: RoundTrip[],
  calls: HttpExchange[],
  omnibusIds: Set<string>,
): LoadTrace {
  const txs = transactionsOf(trips, omnibusIds);
  const posting = txs.filter((t) => t.explicit && t.omnibusAt >= 0);
  const hold = txs.filter((t) => t.explicit && t.omnibusAt < 0);
  const rt = new LatencyRecorder();
  trips.forEach((t) => rt.add(t.end - t.start));
  const summaryOf = (xs: number[]) => {
    const r = new LatencyRecorder();
    xs.forEach((x) => r.add(x));
    return r.summary();
  };
  // Of a transaction's span, the share between round trips: the database waits for the
  // Core Engine (its event loop, its pool, its own computing) while the locks stay held.
  const waiting = (list: WireTransaction[]) => {
    const total = list.reduce((s, t) => s + span(t), 0);
    return total ? round(1 - list.reduce((s, t) => s + dbTime(t.trips), 0) / total, 2) : 0;
  };
  const byKind = new Map<string, number[]>();
  for (const c of calls) {
    const k = c.requestLine.split(' ').slice(0, 2).join(' ').replace(/\?.*$/, '');
    byKind.set(k, [...(byKind.get(k) ?? []), c.end - c.start]);
  }
  return {
    concurrency,
    seconds,
    completedBuys,
    roundTripsPerBuy: round(trips.length / Math.max(1, completedBuys), 2),
    roundTripMs: rt.summary(),
    postingTransaction: {
      ms: summaryOf(posting.map(span)),
      omnibusWaitMs: summaryOf(posting.map(lockWait)),
      omnibusLockMs: summaryOf(posting.map(lockHeld)),
      roundTrips: round(posting.reduce((s, t) => s + t.trips.length, 0) / Math.max(1, posting.length), 2),
      waitingOnCoreShare: waiting(posting),
    },
    holdTransaction: { ms: summaryOf(hold.map(span)), waitingOnCoreShare: waiting(hold) },
    exchangeMs: Object.fromEntries([...byKind].map(([k, xs]) => [k, summaryOf(xs)])),
  };
}

function roundValues(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, round(v, 2)]),
  );
}
