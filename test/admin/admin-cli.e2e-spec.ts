import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { runAdminCommand } from '../../apps/core-engine/src/admin/cli/admin-commands';
import { AdminHarness } from './support/admin-harness';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/** `npm run admin -- <args>` as a shell user runs it (this run's database). */
async function adminCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', resolve(ROOT, 'scripts/cli/register-ts.js'), resolve(ROOT, 'apps/core-engine/src/admin/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run admin: the same use cases from a shell', () => {
  const world = AdminHarness.suite();
  const actor = { id: 'cli:tester' };
  const cli = (...argv: string[]) => runAdminCommand(world.admin.deps, actor, argv);

  it('onboards a bank and its key: the key trades at once, the settings are the ones given', async () => {
    const code = `cli-${randomUUID().slice(0, 8)}`;
    const bank = (await cli(
      'bank:create',
      '--code',
      code,
      '--name',
      'Cli Bank',
      '--spread-bps',
      '120',
      '--callback-url',
      world.core.bankSide.url,
    )) as {
      id: string;
      spreadBps: number;
    };
    expect(bank.spreadBps).toBe(120);
    // The acknowledging endpoint of the harness knows its own secret; the bank is pointed at it as seeded banks are.
    await world.core.prisma.bank.update({ where: { id: bank.id }, data: { webhookSecret: world.core.bankSide.secret } });
    const key = (await cli('key:create', code, '--label', 'cli')) as { key: string };
    const testBank = { id: bank.id, code, apiKey: key.key };
    expect((await world.core.deposit(testBank, 'c1', '50.00')).status).toBe(201);
    expect((await world.core.buy(testBank, { bankUserId: 'c1', amount: '10.00', currency: 'AZN' })).status).toBe(201);

    await cli('bank:update', code, '--spread-bps', '90', '--callback-url', 'none');
    expect(await cli('bank:show', code)).toMatchObject({ spreadBps: 90, callbackUrl: null });
    const trail = (await cli('audit', '--target-type', 'bank', '--target-id', bank.id)) as {
      action: string;
      actor: string;
      before: { spreadBps: number };
    }[];
    expect(trail[0]).toMatchObject({ action: 'bank.update', actor: 'cli:tester', before: { spreadBps: 120 } });
  });

  it("refuses bad command lines with the API's codes", async () => {
    await expect(cli('bank:create', '--code', 'x y', '--name', 'n')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    await expect(cli('bank:update', 'nope-bank', '--spread-bps', 'ten')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    await expect(cli('bank:show', 'nope-bank')).rejects.toMatchObject({ errorCode: 'BANK_NOT_FOUND' });
    await expect(cli('bank:show')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    await expect(cli('bank:list', '--unknown', '1')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    await expect(cli('toString')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    await expect(cli('operator-key:create', '--name', 'bob', '--role', 'root')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
  });

  it('runs as a process: JSON on stdout, errorCode on stderr and exit 1', async () => {
    const [made, refused] = await Promise.all([
      adminCli(['operator-key:create', '--name', 'shell-op', '--role', 'viewer']),
      adminCli(['bank:show', 'no-such-bank-here']),
    ]);
    expect(made.code).toBe(0);
    const key = JSON.parse(made.stdout) as { key: string; role: string };
    expect(key).toMatchObject({ role: 'VIEWER', key: expect.stringMatching(/^op_/) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('BANK_NOT_FOUND');
  }, 60_000); // two processes compiling at start
});
