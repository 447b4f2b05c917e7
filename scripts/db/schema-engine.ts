/**
 * Prisma's own schema engine, compiled to WebAssembly, driven without the Prisma CLI.
 *
 * Why: the CLI downloads a native schema-engine binary on first use, and these machines
 * have no internet (shared/notes/prisma-offline.md). The WASM build is the same engine: it
 * writes the SQL `prisma migrate dev` would write and records applied migrations in the
 * standard `_prisma_migrations` table, so `prisma migrate deploy` elsewhere sees one history.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { PoolConfig } from 'pg';
import { randomUUID } from 'node:crypto';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** The slice of the WebAssembly API used here (@types/node 20 does not declare it). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

export const PRISMA_DIR = resolve(__dirname, '../../prisma');
export const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');
const LOCKFILE = 'migration_lock.toml';

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The package's entry imports a .wasm file as a module, which plain Node cannot; wire it by hand. */
async function loadEngineModule(): Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> {
  // package.json `exports` hides the folder, so find it through a file it does export.
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bgPath = join(pkgDir, 'schema_engine_bg.js');
  // A real dynamic import: the file is an ES module and this script may be compiled to CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the one way to keep import() from being compiled to require()
  const dynamicImport = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
  const bg = (await dynamicImport(pathToFileURL(bgPath).href)) as typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
  };
  // A Rust panic inside the engine reports its message through this global before it throws.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => process.stderr.write(`prisma schema engine panicked: ${message}\n`),
  };
  const bytes = readFileSync(join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

export function readSchema(path = SCHEMA_PATH): string {
  return readFileSync(path, 'utf8');
}

/** The migrations folder as the engine wants it (the same structure the CLI builds). */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = join(dir, LOCKFILE);
  const dirs = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: LOCKFILE,
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type RawResult = { columnTypes: number[]; rows: unknown[] };
type PgAdapterInternals = {
  performIO(query: unknown): Promise<PgResult>;
  queryRaw(query: unknown): Promise<RawResult>;
  executeScript(script: string): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
};
const PG_CHAR_OID = 18; // the one-byte internal "char" type (pg_class.relkind, pg_constraint.contype, ...)
const PG_TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils
const patched = new WeakSet<object>();
/** The "char" columns of a result, keyed by its rows array (queryRaw passes that array on). */
const charColumns = new WeakMap<unknown[], number[]>();

function ownerOf(obj: object, method: string): PgAdapterInternals | null {
  let proto = Object.getPrototypeOf(obj) as object | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, method)) proto = Object.getPrototypeOf(proto) as object | null;
  return proto && !patched.has(proto) ? (proto as PgAdapterInternals) : null;
}

/**
 * Two gaps of adapter-pg 7.10 under the schema engine, patched in the migration scripts'
 * process only, never in the apps:
 * - it refuses result columns of PostgreSQL's internal "char" type, which the engine selects
 *   when it describes a database (a diff against the migrations replays them on a shadow
 *   database and describes it); we let them through as the Character column type the
 *   engine expects;
 * - it runs a migration script by splitting it on every ";", which breaks the dollar-quoted
 *   function bodies of our triggers; the native engine sends the script whole, and so do we
 *   (one simple-protocol query: PostgreSQL runs it as one implicit transaction).
 */
function patchAdapter(adapter: object): void {
  const io = ownerOf(adapter, 'performIO');
  if (io) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
    const originalIO = io.performIO;
    io.performIO = async function (this: PgAdapterInternals, query: unknown) {
      const result = await originalIO.call(this, query);
      const chars: number[] = [];
      (result?.fields ?? []).forEach((f, i) => {
        if (f.dataTypeID === PG_CHAR_OID) {
          f.dataTypeID = PG_TEXT_OID;
          chars.push(i);
        }
      });
      if (chars.length && Array.isArray(result.rows)) charColumns.set(result.rows, chars);
      return result;
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
    const originalQueryRaw = io.queryRaw;
    io.queryRaw = async function (this: PgAdapterInternals, query: unknown) {
      const result = await originalQueryRaw.call(this, query);
      for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
      return result;
    };
    patched.add(io);
  }
  const script = ownerOf(adapter, 'executeScript');
  if (script) {
    script.executeScript = async function (this: PgAdapterInternals, sql: string) {
      try {
        await this.client.query(sql);
      } catch (error) {
        this.onError(error);
      }
    };
    patched.add(script);
  }
}

class PatchedPrismaPg extends PrismaPg {
  private readonly pgConfig: PoolConfig;
  /** Every connection handed to the engine, closed by dispose(): the engine never closes them. */
  private readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(connectionString: string) {
    // Fields, not a URL: a connectionString in the config would win over a database name
    // given beside it, and the shadow database below is opened exactly that way.
    const { host, port, user, password, database } = parseConnectionString(connectionString);
    const pgConfig: PoolConfig = {
      host: host ?? undefined,
      port: port ? Number(port) : undefined,
      user: user ?? undefined,
      password: password ?? undefined,
      database: database ?? undefined,
    };
    super(pgConfig);
    this.pgConfig = pgConfig;
  }

  override async connect() {
    const adapter = await super.connect();
    patchAdapter(adapter);
    this.opened.push(adapter);
    return adapter;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.opened.splice(0).map((a) => a.dispose()));
  }

  /**
   * A throw-away database for replaying the migrations. adapter-pg 7.10's own version drops
   * it while its pool still holds a connection, which fails and leaves it behind; this one
   * closes the pool first and drops WITH (FORCE).
   */
  override async connectToShadowDb() {
    const main = await super.connect();
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg({ ...this.pgConfig, database: name }).connect();
    patchAdapter(shadow);
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

export interface EngineHandle {
  engine: SchemaEngine;
  logs: string[];
  close: () => Promise<void>;
}

/** Connects the engine to the database at `connectionString` (and, for diffs, its shadow databases). */
export async function openEngine(connectionString: string, schema = readSchema()): Promise<EngineHandle> {
  const wasm = await loadEngineModule();
  const logs: string[] = [];
  const pg = new PatchedPrismaPg(connectionString);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(pg);
  const engine = await wasm.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, (line: string) => logs.push(line), adapterFactory);
  return {
    engine,
    logs,
    close: async () => {
      engine.free();
      await pg.dispose();
    },
  };
}

/**
 * The SQL that would take the database from what the migrations build to what the
 * schema describes; no statements in it (see hasStatements) means no drift.
 */
export async function driftSql(connectionString: string, schema = readSchema(), migrations = readMigrations()): Promise<string> {
  const { engine, close } = await openEngine(connectionString, schema);
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  } finally {
    await close();
  }
}

/** The engine prints a comment-only script when there is nothing to do. */
export function hasStatements(sql: string): boolean {
  const meaningful = sql
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('--'))
    .join('\n');
  return meaningful.trim() !== '';
}

export async function applyMigrations(connectionString: string): Promise<string[]> {
  const { engine, close } = await openEngine(connectionString);
  try {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}
