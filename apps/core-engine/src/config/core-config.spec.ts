import { EnvValidationError, validateEnv } from '@app/shared-types';
import { CoreConfig } from './core-config';

const DATABASE_URL = 'postgresql://core:pw@127.0.0.1:5432/core';

function refusal(env: Record<string, string>): string[] {
  try {
    validateEnv(CoreConfig, { DATABASE_URL, ...env });
  } catch (err) {
    if (err instanceof EnvValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('CoreConfig: reconciliation never looks before "not found" is proof', () => {
  it('the defaults hold: 20000 > 5000 + 5000', () => {
    const config = validateEnv(CoreConfig, { DATABASE_URL });
    expect(config.RECONCILE_MIN_AGE_MS).toBeGreaterThan(config.EXCHANGE_TIMEOUT_MS + config.EXCHANGE_RECV_WINDOW_MS);
  });

  it.each([
    ['equal to the sum', { EXCHANGE_TIMEOUT_MS: '3000', EXCHANGE_RECV_WINDOW_MS: '2000', RECONCILE_MIN_AGE_MS: '5000' }],
    ['below it (0, as tests once used)', { RECONCILE_MIN_AGE_MS: '0' }],
    ['below a larger window', { EXCHANGE_RECV_WINDOW_MS: '60000' }],
  ])('refuses RECONCILE_MIN_AGE_MS %s, naming the rule and not the values', (_case, env) => {
    expect(refusal(env)).toEqual([
      expect.stringMatching(/^RECONCILE_MIN_AGE_MS: RECONCILE_MIN_AGE_MS must be greater than EXCHANGE_TIMEOUT_MS \+ EXCHANGE_RECV_WINDOW_MS \(/),
    ]);
  });

  it('accepts one millisecond above the sum', () => {
    expect(refusal({ EXCHANGE_TIMEOUT_MS: '3000', EXCHANGE_RECV_WINDOW_MS: '2000', RECONCILE_MIN_AGE_MS: '5001' })).toEqual([]);
  });
});
