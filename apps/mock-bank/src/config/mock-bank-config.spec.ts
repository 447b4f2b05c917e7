import { EnvValidationError, validateEnv } from '@app/shared-types';
import { MockBankConfig } from './mock-bank-config';

const REQUIRED = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/crypto_core',
  MOCK_BANK_CORE_API_KEY: 'ck_demo_bank_key',
  MOCK_BANK_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  MOCK_BANK_ADMIN_KEY: 'admin',
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    validateEnv(MockBankConfig, env);
    return [];
  } catch (err) {
    if (err instanceof EnvValidationError) return err.problems;
    throw err;
  }
}

describe('MockBankConfig', () => {
  it('has the documented defaults', () => {
    const config = validateEnv(MockBankConfig, REQUIRED);
    expect(config.MOCK_BANK_PORT).toBe(3002);
    expect(config.CORE_ENGINE_URL).toBe('http://127.0.0.1:3000');
    expect(config.MOCK_BANK_CORE_TIMEOUT_MS).toBe(10000);
    expect(config.MOCK_BANK_CORE_ATTEMPTS).toBe(3);
  });

  it('keeps its storage in DATABASE_URL unless MOCK_BANK_DATABASE_URL says otherwise', () => {
    expect(validateEnv(MockBankConfig, REQUIRED).databaseUrl).toBe(REQUIRED.DATABASE_URL);
    const own = validateEnv(MockBankConfig, { ...REQUIRED, MOCK_BANK_DATABASE_URL: 'postgresql://bank@db:5432/bank' });
    expect(own.databaseUrl).toBe('postgresql://bank@db:5432/bank');
    expect(validateEnv(MockBankConfig, { ...REQUIRED, DATABASE_URL: undefined, MOCK_BANK_DATABASE_URL: 'postgres://x@y/z' }).databaseUrl).toBe(
      'postgres://x@y/z',
    );
  });

  it('names every missing or malformed variable', () => {
    const found = problems({ MOCK_BANK_PORT: '70000', MOCK_BANK_WEBHOOK_SECRET: 'short', CORE_ENGINE_URL: 'not a url' });
    const named = found.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(
      [
        'CORE_ENGINE_URL',
        'MOCK_BANK_ADMIN_KEY',
        'MOCK_BANK_CORE_API_KEY',
        'MOCK_BANK_DATABASE_URL',
        'MOCK_BANK_PORT',
        'MOCK_BANK_WEBHOOK_SECRET',
      ].sort(),
    );
    expect(found.find((p) => p.startsWith('MOCK_BANK_DATABASE_URL'))).toMatch(/or DATABASE_URL/);
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(problems({ ...REQUIRED, MOCK_BANK_DATABASE_URL: 'mysql://x' }).map((p) => p.split(':')[0])).toEqual(['MOCK_BANK_DATABASE_URL']);
  });
});
