/**
 * `npm run admin -- <command>`: the operator's use cases from a shell, on the database in
 * DATABASE_URL (with the Core Engine's settings, .env.example), without the admin API
 * (docs/operations.md). Runs in a context of the Core Engine's own modules without its servers
 * or background work (createCoreContext), so a trade's resolution is the Core Engine's own.
 * Prints JSON on stdout (logs go to stderr); a refused command prints its errorCode and message
 * on stderr and exits 1; settings that do not validate exit 2.
 */
import 'reflect-metadata';
import 'dotenv/config';
import { userInfo } from 'node:os';
import { EnvValidationError, validateEnv } from '@app/shared-types';
import { CoreConfig } from '../../config';
import { createCoreContext } from '../../create-app';
import { DomainError } from '../../errors';
import { AdminCommandsModule } from '../admin.module';
import { adminDeps } from './admin-deps';
import { CsvText, runAdminCommand } from './admin-commands';

async function main(): Promise<number> {
  let config: CoreConfig;
  try {
    config = validateEnv(CoreConfig);
  } catch (err) {
    if (!(err instanceof EnvValidationError)) throw err;
    process.stderr.write(`admin: ${err.message}\n`);
    return 2;
  }
  const context = await createCoreContext(config, AdminCommandsModule);
  try {
    const result = await runAdminCommand(adminDeps(context), { id: `cli:${userInfo().username}` }, process.argv.slice(2));
    process.stdout.write(result instanceof CsvText ? result.text : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const details = ((err as { details?: string[] }).details ?? []).filter((d) => d !== err.message);
    process.stderr.write(`${err.errorCode}: ${err.message}\n${details.map((d) => `${d}\n`).join('')}`);
    return 1;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
