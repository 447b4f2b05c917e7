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
 * A missing or malformed variable stops the app with a message naming each bad variable and
 * the rule it breaks, never its value: a value may be a secret (an API key, a DATABASE_URL
 * with its password) and the message ends up in the logs.
 */
export function validateEnv<T extends object>(cls: new () => T, env: Record<string, string | undefined> = process.env): T {
  const config = plainToInstance(cls, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    throw new EnvValidationError(errors.map((e) => describe(e, env[e.property])));
  }
  return config;
}

function describe(error: ValidationError, raw: string | undefined): string {
  const value = raw === undefined ? '' : String(raw);
  // A rule's own message may quote the value (class-validator's $value): cut it out too. (A
  // value this short is no secret, and cutting "0" out of "<= 1000" would garble the rule.)
  const reasons = Object.values(error.constraints ?? {})
    .map((reason) => (value.length >= 8 ? reason.split(value).join('<value>') : reason))
    .join('; ');
  const given = raw === undefined ? 'not set' : raw === '' ? 'set but empty' : `set, ${String(raw).length} characters, value not shown`;
  return `${error.property}: ${reasons} (${given})`;
}
