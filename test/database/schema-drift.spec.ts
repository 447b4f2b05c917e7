import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expectLedgerInvariants } from '../support/ledger-invariants';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const SCHEMA = readFileSync(join(ROOT, 'prisma/schema.prisma'), 'utf8');

/** Runs `npm run db:drift` as a user would (the engine is WASM loaded as an ES module, outside jest's VM). */
async function drift(schema?: string): Promise<{ code: number; out: string }> {
  const args = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/db/drift.ts')];
  if (schema !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'drift-')), 'schema.prisma');
    writeFileSync(file, schema);
    args.push('--schema', file);
  }
  try {
    const { stdout } = await run(process.execPath, args, { env: { ...process.env, DATABASE_URL: process.env.TEST_SERVER_URL } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// The check replays prisma/migrations on a throw-away shadow database and compares the
// result with the schema, as `prisma migrate diff --from-migrations` does.
describe('schema drift check (npm run db:drift)', () => {
  afterAll(() => expectLedgerInvariants());

  it('passes when schema.prisma and the migrations agree', async () => {
    const { code, out } = await drift();
    expect(out).toContain('the schema and the migrations agree');
    expect(code).toBe(0);
  });

  it('fails when a copy of the schema gains a column the migrations lack', async () => {
    const edited = SCHEMA.replace(/model User \{\n/, 'model User {\n  nickname String?\n');
    expect(edited).not.toEqual(SCHEMA);
    const { code, out } = await drift(edited);
    expect(code).toBe(1);
    expect(out).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  });

  it('fails when a copy of the schema changes a money column type', async () => {
    const edited = SCHEMA.replace(
      'feeAmount      Decimal           @default(0) @db.Decimal(20, 8)',
      'feeAmount      Decimal           @default(0) @db.Decimal(20, 2)',
    );
    expect(edited).not.toEqual(SCHEMA);
    const { code, out } = await drift(edited);
    expect(code).toBe(1);
    expect(out).toContain('"feeAmount"');
  });
});
