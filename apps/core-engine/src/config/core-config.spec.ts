import { EnvValidationError, validateEnv } from '@app/shared-types';
import { CoreConfig } from './core-config';

const DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/x';

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnv(CoreConfig, { DATABASE_URL, ...env });
  } catch (err) {
    if (err instanceof EnvValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('CoreConfig: the shared rate-limit store', () => {
  it('counts in memory unless REDIS_URL is set (an empty value counts as unset)', () => {
    expect(validateEnv(CoreConfig, { DATABASE_URL })).toMatchObject({ REDIS_URL: undefined, REDIS_KEY_PREFIX: 'crypto-core:' });
    expect(validateEnv(CoreConfig, { DATABASE_URL, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(validateEnv(CoreConfig, { DATABASE_URL, REDIS_URL: 'rediss://user:pw@redis:6380/0' }).REDIS_URL).toBe('rediss://user:pw@redis:6380/0');
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://, and an unusable prefix, naming the variable', () => {
    expect(problemsOf({ REDIS_URL: 'http://redis:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/),
    ]);
    expect(problemsOf({ REDIS_KEY_PREFIX: 'has space' })).toEqual([expect.stringMatching(/^REDIS_KEY_PREFIX: /)]);
    expect(problemsOf({ REDIS_KEY_PREFIX: '' })).toEqual([expect.stringMatching(/^REDIS_KEY_PREFIX: /)]);
  });
});
