import { IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { EnvValidationError, validateEnv } from './validate-env';

class Settings {
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL!: string;

  @IsString()
  @MinLength(16, { message: 'WEBHOOK_SECRET must be at least 16 characters' })
  WEBHOOK_SECRET!: string;

  // A rule whose message quotes the value, as class-validator's $value does.
  @ValidateIf(() => true)
  @Matches(/^\S+$/, { message: 'ADMIN_KEY must have no spaces, not "$value"' })
  ADMIN_KEY = 'ok';
}

function problems(env: Record<string, string | undefined>): { list: string[]; message: string } {
  try {
    validateEnv(Settings, env);
  } catch (err) {
    if (err instanceof EnvValidationError) return { list: err.problems, message: err.message };
    throw err;
  }
  throw new Error('expected the settings to be refused');
}

describe('validateEnv never prints the value of a bad variable', () => {
  it('names the variable and its rule, not the value: a DATABASE_URL with its password, a short secret', () => {
    const { list, message } = problems({ DATABASE_URL: 'mysql://admin:hunter2-password@db:3306/core', WEBHOOK_SECRET: 's3cr3t-short' });
    expect(list).toEqual([
      'DATABASE_URL: DATABASE_URL must be a postgresql:// URL (set, 43 characters, value not shown)',
      'WEBHOOK_SECRET: WEBHOOK_SECRET must be at least 16 characters (set, 12 characters, value not shown)',
    ]);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('s3cr3t');
  });

  it('cuts the value out of a rule message that quotes it', () => {
    const { message } = problems({ DATABASE_URL: 'postgresql://x', WEBHOOK_SECRET: 'a-long-enough-secret', ADMIN_KEY: 'my secret admin key' });
    expect(message).toContain('ADMIN_KEY: ADMIN_KEY must have no spaces, not "<value>"');
    expect(message).not.toContain('my secret admin key');
  });

  it('says when a variable is not set or empty', () => {
    const { list } = problems({ WEBHOOK_SECRET: '' });
    expect(list).toEqual([
      expect.stringMatching(/^DATABASE_URL: .*\(not set\)$/),
      'WEBHOOK_SECRET: WEBHOOK_SECRET must be at least 16 characters (set but empty)',
    ]);
  });
});
