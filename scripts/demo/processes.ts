import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo's child processes. Each runs in a process group of its own, so stopping it
 * stops whatever it started too; every one is stopped on exit, Ctrl-C or a failure.
 */
export class Processes {
  private readonly children: { name: string; child: ChildProcess }[] = [];

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Starts a long-running process; its output goes to <logDir>/<name>.log. */
  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'w' });
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.push({ name, child });
    return child;
  }

  /** Runs a command to completion with its output shown; rejects on a non-zero exit. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: 'inherit', detached: true });
      this.children.push({ name: `${command} ${args.join(' ')}`, child });
      child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
      child.on('error', reject);
    });
  }

  logPath(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  /** SIGTERM to every live process group, then SIGKILL to what is left after a grace period. */
  async stopAll(graceMs = 5000): Promise<void> {
    const alive = this.children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const { child } of alive) signalGroup(child, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && alive.some(({ child }) => child.exitCode === null && child.signalCode === null)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const { child } of alive) if (child.exitCode === null && child.signalCode === null) signalGroup(child, 'SIGKILL');
  }

  /** Last resort on process exit: synchronous, so it runs even when the event loop is gone. */
  killAllNow(): void {
    for (const { child } of this.children) if (child.exitCode === null) signalGroup(child, 'SIGKILL');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
