import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeRestartablePort } from './service-process';

const run = promisify(execFile);
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl in a temporary directory, on a free
 * loopback port), for faults that stop the server: never the shared one other suites use.
 * As root it runs as the `postgres` system user (initdb refuses root), in a directory that
 * user owns.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string | null,
  ) {}

  static available(): boolean {
    return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    const asUser = process.getuid?.() === 0 ? 'postgres' : null;
    if (asUser) {
      const { stdout } = await run('id', ['-u', asUser]);
      const { stdout: gid } = await run('id', ['-g', asUser]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    // Stopped and started again on the same port: one no other suite hands out.
    const pg = new PrivatePostgres(dir, await freeRestartablePort(), asUser);
    await pg.exec('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await pg.startServer();
    return pg;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The server's URL for `database`. */
  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async startServer(): Promise<void> {
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`,
      'start',
    ]);
  }

  /** Fast shutdown: every session is ended, as when the server goes away under the app. */
  async stopServer(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stopServer().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exec(binary: string, args: string[]): Promise<void> {
    const command = join(BIN, binary);
    if (this.asUser) await run('runuser', ['-u', this.asUser, '--', command, ...args], { cwd: this.dir });
    else await run(command, args, { cwd: this.dir });
  }
}
