import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvValidationError';
  }
}

/**
 * Reads an app's settings once at boot, from the environment, into a typed class.
 * A missing or malformed variable stops the app with a message naming each bad variable.
 */
export function validateEnv<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const config = plainToInstance(cls, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    throw new EnvValidationError(errors.map((e) => describe(e, env[e.property])));
  }
  return config;
}

function describe(error: ValidationError, raw: string | undefined): string {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  const given = raw === undefined ? 'not set' : `got ${JSON.stringify(raw)}`;
  return `${error.property}: ${reasons} (${given})`;
}
