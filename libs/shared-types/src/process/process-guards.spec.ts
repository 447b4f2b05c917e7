import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/** The fixture in a real process (jest keeps its own process alive whatever happens). */
function runFixture(fault: 'rejection' | 'exception'): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'test/support/process-guards.fixture.ts')], {
      env: { ...process.env, FIXTURE_FAULT: fault, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('process guards (a real process)', () => {
  it('an unhandled rejection is logged as fatal with its stack and counted, and the process lives on', async () => {
    const { code, output } = await runFixture('rejection');
    expect(output).toMatch(/FATAL.*unhandled promise rejection: nobody listens to me/);
    expect(output).toContain('unhandled_rejection');
    expect(output).toContain('process-guards.fixture.ts');
    expect(output).toContain('still alive, counted 1');
    expect(code).toBe(0);
  });

  it('an uncaught exception is logged as fatal and ends the process with exit code 1', async () => {
    const { code, output } = await runFixture('exception');
    expect(output).toMatch(/FATAL.*uncaught exception, exiting: thrown from a timer/);
    expect(output).not.toContain('still alive');
    expect(code).toBe(1);
  });
});
