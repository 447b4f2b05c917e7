import { round } from './latency';

/** What core-agent.cjs reports from inside the Core Engine. */
interface AgentStats {
  elu: { idle: number; active: number };
  gcMs: number;
  gcCount: number;
  memory: { rss: number; heapUsed: number };
  cpu: { user: number; system: number };
}

export interface StepInside {
  /** Share of the step the event loop was busy (1 = the single thread never waited). */
  eventLoopUtilisation: number;
  /** Share of the step spent in garbage collection. */
  gcShare: number;
  heapUsedMiB: number;
}

export class AgentClient {
  constructor(private readonly base: string) {}

  private async call<T>(method: string, path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { method, signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new Error(`core agent ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  stats(): Promise<AgentStats> {
    return this.call('GET', '/stats');
  }

  async startProfile(): Promise<void> {
    await this.call('POST', '/profile/start');
  }

  async stopProfile(name: string): Promise<string> {
    return (await this.call<{ file: string }>('POST', `/profile/stop?name=${encodeURIComponent(name)}`)).file;
  }

  /** Starts watching a step; the returned function gives the step's figures. */
  async watch(): Promise<() => Promise<StepInside>> {
    const before = await this.stats();
    const t0 = Date.now();
    return async () => {
      const after = await this.stats();
      const active = after.elu.active - before.elu.active;
      const idle = after.elu.idle - before.elu.idle;
      return {
        eventLoopUtilisation: round(active / Math.max(1e-9, active + idle), 2),
        gcShare: round((after.gcMs - before.gcMs) / Math.max(1, Date.now() - t0), 3),
        heapUsedMiB: round(after.memory.heapUsed / 2 ** 20, 0),
      };
    };
  }
}
