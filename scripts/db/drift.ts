/**
 * `npm run db:drift [-- --schema <file>]`: exits 1 and prints the missing SQL when
 * prisma/schema.prisma (or the given file) and prisma/migrations disagree; 0 when they agree.
 * The migrations are replayed on a throw-away shadow database on the server in
 * DATABASE_URL (default: the local server).
 */
import { driftSql, hasStatements, readSchema } from './schema-engine';

async function main(): Promise<number> {
  const i = process.argv.indexOf('--schema');
  const schema = i > 0 ? readSchema(process.argv[i + 1]) : readSchema();
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const sql = await driftSql(url, schema);
  if (!hasStatements(sql)) {
    process.stdout.write('db:drift: the schema and the migrations agree\n');
    return 0;
  }
  process.stdout.write(
    'db:drift: DRIFT: the schema differs from what the migrations build. ' +
      'Write a migration with `npm run db:migration -- <name>`. Missing SQL:\n' +
      sql,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`db:drift failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
