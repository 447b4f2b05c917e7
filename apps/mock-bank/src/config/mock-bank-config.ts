// @Type needs the metadata API when the class is defined, which may be before Nest loads it (unit tests).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MinLength, Min, ValidateIf } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;

/**
 * The Mock Bank's settings, read from the environment once at boot (see the root
 * .env.example). Tests build one with validateEnv(MockBankConfig, {...}).
 */
export class MockBankConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  MOCK_BANK_PORT = 3002;

  /** Where the Core Engine answers. */
  @IsUrl({ require_tld: false, require_protocol: true })
  CORE_ENGINE_URL = 'http://127.0.0.1:3000';

  /** The bank's own storage (schema mock_bank); unset: the database in DATABASE_URL. */
  @ValidateIf((config: MockBankConfig) => config.MOCK_BANK_DATABASE_URL !== undefined || !config.DATABASE_URL)
  @IsString({ message: 'MOCK_BANK_DATABASE_URL (or DATABASE_URL) must be set' })
  @Matches(POSTGRES_URL, { message: 'MOCK_BANK_DATABASE_URL must be a postgresql:// URL' })
  MOCK_BANK_DATABASE_URL?: string;

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  /** The bank's API key at the core (the seed gives the demo bank DEMO_BANK_API_KEY). */
  @IsString()
  @Matches(/^\S{8,}$/, { message: 'MOCK_BANK_CORE_API_KEY must be at least 8 characters without spaces' })
  MOCK_BANK_CORE_API_KEY!: string;

  /** Checks the core's signed acknowledgement requests and webhooks (= the core's Bank.webhookSecret). */
  @IsString()
  @MinLength(16, { message: 'MOCK_BANK_WEBHOOK_SECRET must be at least 16 characters' })
  MOCK_BANK_WEBHOOK_SECRET!: string;

  /** Required: the admin API switches faults, so it never runs with a guessable default. */
  @IsString()
  @Matches(/^\S+$/, { message: 'MOCK_BANK_ADMIN_KEY must be a non-empty string without spaces' })
  MOCK_BANK_ADMIN_KEY!: string;

  /** One call to the core; above the core's own bank-acknowledgement timeout, since a deposit waits for it. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  MOCK_BANK_CORE_TIMEOUT_MS = 10000;

  /** Calls per customer action (first try included) when the core does not answer or answers 5xx/409 in progress. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  MOCK_BANK_CORE_ATTEMPTS = 3;

  /** As the Core Engine's: "silent" logs nothing; fatal, error, warn, log (unset, or anything else), debug, verbose. */
  @IsOptional()
  @IsString()
  LOG_LEVEL?: string;

  /** The database the bank keeps its schema in. */
  get databaseUrl(): string {
    return (this.MOCK_BANK_DATABASE_URL ?? this.DATABASE_URL) as string;
  }
}
