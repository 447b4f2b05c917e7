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
    expect(problemsOf(env)).toEqual([
      expect.stringMatching(/^RECONCILE_MIN_AGE_MS: RECONCILE_MIN_AGE_MS must be greater than EXCHANGE_TIMEOUT_MS \+ EXCHANGE_RECV_WINDOW_MS \(/),
    ]);
  });

  it('accepts one millisecond above the sum', () => {
    expect(problemsOf({ EXCHANGE_TIMEOUT_MS: '3000', EXCHANGE_RECV_WINDOW_MS: '2000', RECONCILE_MIN_AGE_MS: '5001' })).toEqual([]);
  });
});

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

describe('CoreConfig: the exchange venue', () => {
  it('defaults to the mock venue, the Spot testnet URL and USDTAZN, with no Binance key needed', () => {
    expect(validateEnv(CoreConfig, { DATABASE_URL })).toMatchObject({
      EXCHANGE_VENUE: 'mock',
      BINANCE_BASE_URL: 'https://testnet.binance.vision',
      EXCHANGE_SYMBOL: 'USDTAZN',
      BINANCE_API_KEY: undefined,
    });
  });

  it('requires the key and the secret with EXCHANGE_VENUE=binance, and names them', () => {
    const problems = problemsOf({ EXCHANGE_VENUE: 'binance' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^BINANCE_API_KEY: .*BINANCE_API_KEY is required with EXCHANGE_VENUE=binance/);
    expect(problems[1]).toMatch(/^BINANCE_API_SECRET: .*BINANCE_API_SECRET is required with EXCHANGE_VENUE=binance/);
    expect(problemsOf({ EXCHANGE_VENUE: 'binance', BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' })).toEqual([]);
  });

  it.each([
    [{ EXCHANGE_VENUE: 'kraken' }, 'EXCHANGE_VENUE'],
    [{ EXCHANGE_SYMBOL: 'usdtazn' }, 'EXCHANGE_SYMBOL'],
    [{ BINANCE_BASE_URL: 'testnet.binance.vision' }, 'BINANCE_BASE_URL'],
  ])('refuses %o', (env, name) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });
});
