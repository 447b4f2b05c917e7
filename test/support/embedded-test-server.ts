import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The test run's own PostgreSQL (scripts/db/embedded-postgres.ts), for a machine that has none. */
export interface EmbeddedTestServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts an ephemeral embedded PostgreSQL on a free port of 127.0.0.1, its cluster in a new
 * temporary folder (deleted at stop). It runs in a child process told to stop when its
 * standard input closes: if jest dies without its teardown, the server goes too.
 */
export async function startEmbeddedTestServer(timeoutMs = 120_000): Promise<EmbeddedTestServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crypto-core-test-pg-'));
  const child = spawn(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      resolve(ROOT, 'scripts/db/embedded-postgres.ts'),
      '--port',
      String(port),
      '--dir',
      dir,
      '--ephemeral',
      '--exit-with-parent',
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the embedded PostgreSQL did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const ready = /^ready (\S+)$/m.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        done(ready[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the embedded PostgreSQL exited with ${code ?? signal} before it was ready:\n${output}`));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
  // Its output after start (checkpoints, a client's error) is not the tests' business.
  child.stdout?.resume();
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.stdin?.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}
