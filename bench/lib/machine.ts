import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { round } from './latency';

export interface MachineFacts {
  cpuModel: string;
  cpus: number;
  totalMemoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  loadAverageAtStart: number[];
}

export interface GitFacts {
  commit: string;
  /** Paths of the apps, libs, prisma and scripts with uncommitted changes: the build measured includes them. */
  uncommitted: string[];
}

export function machineFacts(postgresVersion: string): MachineFacts {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: postgresVersion,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

export function gitFacts(root: string): GitFacts {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trimEnd();
  try {
    const status = git('status', '--porcelain', '--', 'apps', 'libs', 'prisma', 'scripts');
    return { commit: git('rev-parse', 'HEAD'), uncommitted: status ? status.split('\n').map((l) => l.slice(3)) : [] };
  } catch {
    return { commit: 'unknown', uncommitted: [] };
  }
}

/** Resident memory of a process (KiB): now and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rssKiB: number; peakKiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Polls a process's memory: its peak resident set over its life (VmHWM, kept by the kernel
 * and read while the process lives) and the largest RSS seen since the last resetStep().
 */
export class MemoryWatch {
  peakKiB = 0;
  stepMaxKiB = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 200,
  ) {
    this.timer = setInterval(() => this.poll(), everyMs);
    this.timer.unref();
  }

  poll(): void {
    const m = memoryOf(this.pid);
    if (!m) return;
    this.peakKiB = Math.max(this.peakKiB, m.peakKiB, m.rssKiB);
    this.stepMaxKiB = Math.max(this.stepMaxKiB, m.rssKiB);
  }

  resetStep(): void {
    this.stepMaxKiB = 0;
    this.poll();
  }

  stop(): number {
    this.poll();
    clearInterval(this.timer);
    return this.peakKiB;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds a process has used (user + system). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
}

export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export type CpuGroups = Record<string, number[]>;

/**
 * CPU used during a step, in percent of one core, per group of processes (the Core Engine,
 * the Mock Exchange, PostgreSQL, this load generator) and for the whole machine: what is
 * left over is other work on the machine, which a shared box may have.
 */
export class CpuWatch {
  private readonly start: Map<number, number>;
  private readonly startBusy: number;
  private readonly startedAt = process.hrtime.bigint();

  constructor(private readonly groups: CpuGroups) {
    this.start = new Map(
      Object.values(groups)
        .flat()
        .map((pid) => [pid, cpuSecondsOf(pid)]),
    );
    this.startBusy = machineBusySeconds();
  }

  stop(): Record<string, number> {
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const result: Record<string, number> = {};
    let ours = 0;
    for (const [name, pids] of Object.entries(this.groups)) {
      // A process that ended during the step (a closed connection's backend) counts as idle since.
      const used = pids.reduce((sum, pid) => sum + Math.max(0, (cpuSecondsOf(pid) || (this.start.get(pid) ?? 0)) - (this.start.get(pid) ?? 0)), 0);
      const pct = (used / seconds) * 100;
      result[name] = round(pct, 0);
      ours += pct;
    }
    const machine = ((machineBusySeconds() - this.startBusy) / seconds) * 100;
    result.machine = round(machine, 0);
    result.other = round(Math.max(0, machine - ours), 0);
    return result;
  }
}

/**
 * Waits until the machine is quiet (other work below `maxPct` of one core over a second), at
 * most `timeoutMs`; returns the last reading. On a shared machine, someone's test suite
 * would otherwise be measured as ours.
 */
export async function waitForQuiet(maxPct = 25, timeoutMs = 60_000, say: (s: string) => void = () => undefined): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let first = true; ; first = false) {
    const before = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 1000));
    const pct = round((machineBusySeconds() - before) * 100, 0);
    if (pct <= maxPct) return pct;
    if (Date.now() > deadline) {
      say(`the machine is still busy with other work (${pct}% of a core): measuring anyway; see "other" in the CPU figures`);
      return pct;
    }
    if (first) say(`the machine is busy with other work (${pct}% of a core): waiting up to ${timeoutMs / 1000} s for it to calm down`);
  }
}

export function loadAverage(): number {
  return round(os.loadavg()[0], 2);
}
