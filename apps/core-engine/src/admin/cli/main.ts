/**
 * `npm run admin -- <command>`: the operator's use cases from a shell, on the database in
 * DATABASE_URL, without the admin API (docs/operations.md). Prints JSON; a refused command
 * prints its errorCode and message on stderr and exits 1.
 */
import 'reflect-metadata';
import 'dotenv/config';
import { userInfo } from 'node:os';
import { PrismaService } from '@app/database';
import { DomainError } from '../../errors';
import { adminDeps } from './admin-deps';
import { CsvText, runAdminCommand } from './admin-commands';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write("admin: DATABASE_URL is required (the Core Engine's database)\n");
    return 2;
  }
  const prisma = new PrismaService(url, 2);
  try {
    const result = await runAdminCommand(adminDeps(prisma), { id: `cli:${userInfo().username}` }, process.argv.slice(2));
    process.stdout.write(result instanceof CsvText ? result.text : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const details = ((err as { details?: string[] }).details ?? []).filter((d) => d !== err.message);
    process.stderr.write(`${err.errorCode}: ${err.message}\n${details.map((d) => `${d}\n`).join('')}`);
    return 1;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
