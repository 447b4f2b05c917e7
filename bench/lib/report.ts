import type { LoadResult } from './core-load';
import type { ExchangeResult } from './exchange-baseline';
import type { RawResult } from './raw-baseline';
import type { StepInside } from './agent-client';
import type { ProfileSummary } from './profile-summary';
import { round } from './latency';

export interface CoreStep extends LoadResult {
  /** CPU in percent of one core (200 = both cores of a 2-core machine). */
  cpu: Record<string, number>;
  /** Machine CPU in use (percent of one core) just before the step: other people's work. */
  machineBusyBeforePct: number;
  /** How long the Core Engine needed after the step to finish the buys still in flight. */
  settledAfterMs: number;
  /** Mean connections of the bench database per state (see pg-activity.ts). */
  pgActivity: Record<string, number>;
  inside: StepInside | null;
  maxRssMB: number;
  /** The Core Engine's CPU milliseconds per completed buy (see cpuMsPerBuy). */
  coreCpuMsPerBuy?: number | null;
  profile?: Pick<ProfileSummary, 'file' | 'sampledMs' | 'byAreaOfBusy' | 'onStackOfBusy'> & { top: ProfileSummary['top'] };
}

export interface BaselineStep<T> {
  result: T;
  cpu: Record<string, number>;
  pgActivity?: Record<string, number>;
}

export interface TargetCheck {
  target: string;
  actual: string;
  met: boolean;
}

/**
 * Issue 12's targets. The 1,000 buys/s and p99 ≤ 100 ms of issue 7 are withdrawn (bench/README.md
 * showed no design reaches them on this machine); throughput is judged as a ratio to another
 * build run in the same sitting (`--compare`), and the ratio to the raw baseline is reported.
 */
export const TARGETS = { shareOfCompared: 0.5, peakMemoryMB: 300 };

/** The other build's results (`--compare`), as far as the comparison needs them. */
export interface ComparedRun {
  runId: string;
  label?: string;
  commit?: string;
  /** Its --kyc-limits ('not recorded': a run from before the option). */
  kycLimits: 'on' | 'off' | 'not recorded';
  steps: Pick<CoreStep, 'concurrency' | 'perSecond' | 'coreCpuMsPerBuy' | 'latency'>[];
}

export interface RatioToCompared {
  concurrency: number;
  buysPerSecond: number;
  coreCpuMsPerBuy: number | null;
  p50: number | null;
  p99: number | null;
}

/** Per concurrency: this run's buys/s, Core Engine CPU per buy and p50/p99 latency over the compared run's. */
export function ratiosTo(core: CoreStep[], compared: ComparedRun): RatioToCompared[] {
  const over = (a: number | null | undefined, b: number | null | undefined, digits: number) => (a && b ? round(a / b, digits) : null);
  return core.flatMap((s) => {
    const other = compared.steps.find((o) => o.concurrency === s.concurrency);
    if (!other) return [];
    return [
      {
        concurrency: s.concurrency,
        buysPerSecond: round(s.perSecond / Math.max(1, other.perSecond), 3),
        coreCpuMsPerBuy: over(s.coreCpuMsPerBuy, other.coreCpuMsPerBuy, 2),
        p50: over(s.latency.p50, other.latency?.p50, 3),
        p99: over(s.latency.p99, other.latency?.p99, 3),
      },
    ];
  });
}

/** This run against the compared one, per concurrency: both values and the ratio (this / that). */
export function comparedTable(core: CoreStep[], compared: ComparedRun): string {
  const ratios = ratiosTo(core, compared);
  const rows = ratios.map((r) => {
    const s = core.find((x) => x.concurrency === r.concurrency) as CoreStep;
    const o = compared.steps.find((x) => x.concurrency === r.concurrency) as ComparedRun['steps'][number];
    const pair = (a: number | null | undefined, b: number | null | undefined, ratio: number | null) => `${a ?? '-'} / ${b ?? '-'} = ${ratio ?? '-'}`;
    return [
      r.concurrency,
      pair(s.perSecond, o.perSecond, r.buysPerSecond),
      pair(s.latency.p50, o.latency?.p50, r.p50),
      pair(s.latency.p99, o.latency?.p99, r.p99),
      pair(s.coreCpuMsPerBuy, o.coreCpuMsPerBuy, r.coreCpuMsPerBuy),
    ];
  });
  return [
    `Against ${compared.runId}${compared.label ? ` (${compared.label})` : ''}, KYC limits ${compared.kycLimits} (this run / that run = ratio):`,
    table(['clients', 'buys/s', 'p50 ms', 'p99 ms', 'core ms/buy'], rows),
  ].join('\n');
}

export function checkTargets(
  core: CoreStep[],
  raw: BaselineStep<RawResult>[],
  peakMemoryMB: number,
  violations: number,
  compared?: ComparedRun,
): TargetCheck[] {
  const at = (c: number) => core.find((s) => s.concurrency === c);
  const top = core.reduce<CoreStep | undefined>((best, s) => (!best || s.concurrency > best.concurrency ? s : best), undefined);
  const checks: TargetCheck[] = [];
  if (top) {
    const other = compared?.steps.find((s) => s.concurrency === top.concurrency);
    if (compared && other) {
      checks.push({
        target: `buys/s ≥ ${TARGETS.shareOfCompared * 100}% of ${compared.runId}${compared.label ? ` (${compared.label})` : ''} at ${top.concurrency}`,
        actual: `${round((top.perSecond / Math.max(1, other.perSecond)) * 100, 1)}% (${top.perSecond} of ${other.perSecond})`,
        met: top.perSecond >= TARGETS.shareOfCompared * other.perSecond,
      });
    }
    checks.push({ target: 'zero errors (every step)', actual: `${core.reduce((s, x) => s + x.errors, 0)}`, met: core.every((s) => s.errors === 0) });
    const mid = at(16);
    if (mid && top.concurrency > 16) {
      checks.push({
        target: `throughput at ${top.concurrency} ≥ at 16 (no collapse)`,
        actual: `${top.perSecond} vs ${mid.perSecond}`,
        met: top.perSecond >= mid.perSecond,
      });
    }
    const rawTop = raw.find((r) => r.result.concurrency === top.concurrency);
    if (rawTop) {
      const share = top.perSecond / Math.max(1, rawTop.result.perSecond);
      // Reported, not a target: the raw baseline is what the same writes cost without HTTP, exchange or ORM.
      checks.push({
        target: `(reported) buys/s as a share of the raw-database baseline at ${top.concurrency}`,
        actual: `${round(share * 100, 1)}% (${top.perSecond} of ${rawTop.result.perSecond})`,
        met: true,
      });
    }
  }
  if (core.length) {
    checks.push({
      target: `Core Engine peak memory ≤ ${TARGETS.peakMemoryMB} MB`,
      actual: `${peakMemoryMB} MB`,
      met: peakMemoryMB <= TARGETS.peakMemoryMB,
    });
  }
  checks.push({ target: 'ledger invariants hold', actual: violations ? `${violations} rule(s) broken` : 'all hold', met: violations === 0 });
  return checks;
}

function table(head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(core: CoreStep[], raw: BaselineStep<RawResult>[], exchange: BaselineStep<ExchangeResult>[]): string {
  const concurrencies = [
    ...new Set([...core.map((s) => s.concurrency), ...raw.map((r) => r.result.concurrency), ...exchange.map((e) => e.result.concurrency)]),
  ].sort((a, b) => a - b);
  const dash = '-';
  const rows = concurrencies.map((c) => {
    const s = core.find((x) => x.concurrency === c);
    const r = raw.find((x) => x.result.concurrency === c)?.result;
    const e = exchange.find((x) => x.result.concurrency === c)?.result;
    return [
      c,
      s ? s.perSecond : dash,
      s ? s.latency.p50 : dash,
      s ? s.latency.p95 : dash,
      s ? s.latency.p99 : dash,
      s ? s.errors : dash,
      r ? r.perSecond : dash,
      r ? r.latency.p99 : dash,
      e ? e.perSecond : dash,
      e ? e.latency.p99 : dash,
      s && r ? `${round((s.perSecond / Math.max(1, r.perSecond)) * 100, 1)}%` : dash,
    ];
  });
  return table(
    ['clients', 'buys/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'raw DB (a)/s', 'raw p99', 'exchange (b)/s', 'exch p99', 'buys/raw'],
    rows,
  );
}

/**
 * CPU milliseconds a process group spent per completed buy: unlike buys/s, it hardly moves
 * when other work shares the machine, and 1000 / it is the buys/s one core could give.
 */
export function cpuMsPerBuy(step: Pick<CoreStep, 'cpu' | 'completed' | 'seconds'>, group = 'core'): number | null {
  const pct = step.cpu[group];
  if (pct === undefined || step.completed === 0) return null;
  return round((pct * step.seconds * 10) / step.completed, 2);
}

export function cpuTable(core: CoreStep[]): string {
  const keys = ['core', 'exchange', 'postgres', 'bench', 'other', 'machine'];
  return table(
    ['clients', ...keys.map((k) => `${k} %`), 'core ms/buy', 'pg ms/buy', 'event loop', 'gc', 'rss MB'],
    core.map((s) => [
      s.concurrency,
      ...keys.map((k) => s.cpu[k] ?? '-'),
      cpuMsPerBuy(s) ?? '-',
      cpuMsPerBuy(s, 'postgres') ?? '-',
      s.inside ? `${Math.round(s.inside.eventLoopUtilisation * 100)}%` : '-',
      s.inside ? `${(s.inside.gcShare * 100).toFixed(1)}%` : '-',
      s.maxRssMB,
    ]),
  );
}
