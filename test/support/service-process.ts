import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const MOCK_EXCHANGE_MAIN = resolve(ROOT, 'dist/apps/mock-exchange/apps/mock-exchange/src/main.js');
/**
 * Node arguments that run a TypeScript file in this very process (tsx's loader). The tsx CLI
 * would start a second process: a signal to the first would miss the one serving.
 */
export const TS_IN_PROCESS = ['--import', resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')];

/**
 * A dependency of the Core Engine as a process of its own (a built app started as its start
 * command does, or a test server run by tsx), so a fault suite can stop it (SIGSTOP), resume
 * it (SIGCONT) or kill it like a real outage. Its output is kept for the failure message.
 */
export class ServiceProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    const onData = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  /**
   * Starts `args` under node and waits until GET `url + readyPath` answers 2xx with `headers`
   * (something only this service accepts, such as its admin key: while a service is down, a
   * server of another suite may have taken its port, and a plain /health would answer).
   */
  static async start(
    name: string,
    args: string[],
    env: Record<string, string>,
    url: string,
    readyPath: string,
    headers: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(name, child, url);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${service.output.slice(-2000)}`);
      try {
        const res = await fetch(`${url}${readyPath}`, { headers, signal: AbortSignal.timeout(1000) });
        if (res.ok && child.exitCode === null) return service;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`${name} did not come up: ${service.output.slice(-2000)}`);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  async kill(): Promise<void> {
    if (this.running) {
      // SIGKILL alone, also for a stopped process (the kernel ends it without resuming it): a
      // SIGCONT first would let it run between the two signals and answer what it holds (seen:
      // a SIGSTOPped bank acknowledging a deposit as it was being killed).
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  get log(): string {
    return this.output;
  }
}

/**
 * A free loopback port below the kernel's ephemeral range (32768 and up on Linux), for a
 * service a suite stops and starts again on the same port: the ephemeral ports are where
 * other suites' `freePort()` and every outgoing connection take theirs, so one of them could
 * take this port while the service is down.
 */
export async function freeRestartablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}
