/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (what `prisma migrate deploy`
 * does), creating the database first when the server does not have it.
 */
import { applyMigrations } from './schema-engine';
import { ensureDatabase } from './ensure-database';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('db:migrate: DATABASE_URL is not set (see .env.example)\n');
    process.exit(2);
  }
  if (await ensureDatabase(url)) process.stdout.write('db:migrate: created the database\n');
  const applied = await applyMigrations(url);
  process.stdout.write(applied.length ? `db:migrate: applied ${applied.join(', ')}\n` : 'db:migrate: database is up to date\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
