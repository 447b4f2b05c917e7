import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const CORE_MAIN = resolve(ROOT, 'dist/apps/core-engine/apps/core-engine/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * A Core Engine as its own process (the built app, as production runs it), for the suites
 * that kill it or run two of it. Its output is kept so a test can wait for a line.
 */
export class CoreProcess {
  private output = '';
  private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const w of [...this.waiters]) {
        const match = this.output.match(w.pattern);
        if (match) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(match[0]);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  static async start(env: Record<string, string>): Promise<CoreProcess> {
    const port = await freePort();
    // Metrics on a port of their own too: several cores run side by side in the tests.
    const metricsPort = env.METRICS_PORT ?? String(await freePort());
    const child = spawn(process.execPath, [CORE_MAIN], {
      env: { ...process.env, ...env, CORE_ENGINE_PORT: String(port), METRICS_PORT: metricsPort, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const core = new CoreProcess(child, `http://127.0.0.1:${port}`);
    await core.waitForHealth(30_000);
    return core;
  }

  async waitForHealth(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the core exited: ${this.output.slice(-2000)}`);
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the core did not become healthy: ${this.output.slice(-2000)}`);
  }

  /** Resolves with the first output line matching `pattern` (also one printed already). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const already = this.output.match(pattern);
    if (already) return Promise.resolve(already[0]);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms: ${this.output.slice(-1500)}`)), timeoutMs);
      this.waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), done(line)) });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }

  get log(): string {
    return this.output;
  }
}
