import { EnvValidationError, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from './mock-exchange-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', ...env });
  } catch (err) {
    if (err instanceof EnvValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('MockExchangeConfig', () => {
  it('has documented defaults', () => {
    const config = validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k' });
    expect(config).toMatchObject({
      MOCK_EXCHANGE_PORT: 3001,
      MOCK_EXCHANGE_SEED: 42,
      MOCK_EXCHANGE_MID_PRICE: '1.7000',
      MOCK_EXCHANGE_VOLATILITY: '0.0005',
      MOCK_EXCHANGE_BAND: '0.01',
      MOCK_EXCHANGE_MAX_ORDERS: 100000,
      MOCK_EXCHANGE_DOWN: false,
      MOCK_EXCHANGE_ERROR_RATE: 0,
      MOCK_EXCHANGE_LATENCY_MS: 0,
      MOCK_EXCHANGE_HANG: false,
      MOCK_EXCHANGE_LOSE_RESPONSES: false,
      MOCK_EXCHANGE_PRICE_JUMP: '0',
    });
    expect(config.MOCK_EXCHANGE_LIQUIDITY_LIMIT).toBeUndefined();
  });

  it('requires the admin key', () => {
    expect(() => validateEnv(MockExchangeConfig, {})).toThrow(/MOCK_EXCHANGE_ADMIN_KEY/);
  });

  it('reads flags strictly: "false" is false', () => {
    const config = validateEnv(MockExchangeConfig, {
      MOCK_EXCHANGE_ADMIN_KEY: 'k',
      MOCK_EXCHANGE_DOWN: 'false',
      MOCK_EXCHANGE_HANG: '1',
      MOCK_EXCHANGE_LOSE_RESPONSES: 'TRUE',
    });
    expect([config.MOCK_EXCHANGE_DOWN, config.MOCK_EXCHANGE_HANG, config.MOCK_EXCHANGE_LOSE_RESPONSES]).toEqual([false, true, true]);
  });

  it.each([
    ['MOCK_EXCHANGE_PORT', '70000'],
    ['MOCK_EXCHANGE_SEED', '-1'],
    ['MOCK_EXCHANGE_MID_PRICE', '1.70001'],
    ['MOCK_EXCHANGE_MID_PRICE', '0'],
    ['MOCK_EXCHANGE_VOLATILITY', '1e-4'],
    ['MOCK_EXCHANGE_BAND', '0.9'],
    ['MOCK_EXCHANGE_DOWN', 'yes'],
    ['MOCK_EXCHANGE_ERROR_RATE', '1.5'],
    ['MOCK_EXCHANGE_ERROR_RATE', 'abc'],
    ['MOCK_EXCHANGE_LATENCY_MS', '10.5'],
    ['MOCK_EXCHANGE_HANG', 'on'],
    ['MOCK_EXCHANGE_LIQUIDITY_LIMIT', '-5'],
    ['MOCK_EXCHANGE_PRICE_JUMP', '2%'],
  ])('stops the app on %s=%s, naming the variable and its rule, never the value', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: ${name} must .*\\(set, ${value.length} characters, value not shown\\)$`));
    expect(problems[0]).not.toContain(JSON.stringify(value));
  });
});
