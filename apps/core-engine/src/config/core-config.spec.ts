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

describe('CoreConfig: TRUSTED_PROXIES', () => {
  it('trusts no proxy by default; accepts addresses, CIDR ranges and the named ranges, blanks ignored', () => {
    expect(validateEnv(CoreConfig, { DATABASE_URL }).TRUSTED_PROXIES).toBe('');
    for (const value of ['', '127.0.0.1', '10.0.0.0/8, 172.28.0.10', 'loopback,uniquelocal', '::1, fd00::/8', ' 192.168.1.1 ,']) {
      expect({ value, problems: problemsOf({ TRUSTED_PROXIES: value }) }).toEqual({ value, problems: [] });
    }
  });

  it.each(['*', 'true', '10.0.0.0/33', '::/129', '10.0.0', 'traefik', '10.0.0.0/8/1', '10.0.0.0/'])('refuses %p, naming the variable', (value) => {
    expect(problemsOf({ TRUSTED_PROXIES: value })).toEqual([
      expect.stringMatching(/^TRUSTED_PROXIES: TRUSTED_PROXIES must be a comma list of IP addresses/),
    ]);
  });
});

describe('CoreConfig: the fill price band', () => {
  it('defaults to 500 bps and accepts 1 to 10000', () => {
    expect(validateEnv(CoreConfig, { DATABASE_URL }).FILL_PRICE_BAND_BPS).toBe(500);
    expect(validateEnv(CoreConfig, { DATABASE_URL, FILL_PRICE_BAND_BPS: '1' }).FILL_PRICE_BAND_BPS).toBe(1);
    expect(validateEnv(CoreConfig, { DATABASE_URL, FILL_PRICE_BAND_BPS: '10000' }).FILL_PRICE_BAND_BPS).toBe(10000);
  });

  it.each(['0', '10001', '2.5', 'wide'])('refuses FILL_PRICE_BAND_BPS=%s, naming it', (value) => {
    expect(problemsOf({ FILL_PRICE_BAND_BPS: value })).toEqual([expect.stringMatching(/^FILL_PRICE_BAND_BPS: /)]);
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
