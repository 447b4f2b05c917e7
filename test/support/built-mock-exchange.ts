import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './core-process';

const EXCHANGE_MAIN = resolve(__dirname, '../../dist/apps/mock-exchange/apps/mock-exchange/src/main.js');

export interface BuiltMockExchange {
  url: string;
  child: ChildProcess;
  log: () => string;
}

/**
 * The built Mock Exchange as a process of its own (the full-size runs keep it off the client's
 * CPU), with a pinned price (volatility 0), so every trade prices the same way.
 */
export async function startBuiltMockExchange(): Promise<BuiltMockExchange> {
  if (!existsSync(EXCHANGE_MAIN)) throw new Error(`${EXCHANGE_MAIN} is missing: build it first (npx nest build mock-exchange)`);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [EXCHANGE_MAIN], {
    env: {
      ...process.env,
      MOCK_EXCHANGE_PORT: String(port),
      MOCK_EXCHANGE_ADMIN_KEY: randomUUID(),
      // In memory: each run starts its own exchange and never restarts it.
      MOCK_EXCHANGE_ORDERS_FILE: '',
      MOCK_EXCHANGE_MID_PRICE: '1.7000',
      MOCK_EXCHANGE_VOLATILITY: '0',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Mock Exchange exited: ${output.slice(-2000)}`);
    const up = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, child, log: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the Mock Exchange did not become healthy: ${output.slice(-2000)}`);
}
