import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

/** The Mock Bank's settings, read from the environment once at boot (see .env.example). */
export class MockBankConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  MOCK_BANK_PORT = 3002;

  /** Where the Core Engine answers. */
  @IsUrl({ require_tld: false, require_protocol: true })
  CORE_ENGINE_URL = 'http://127.0.0.1:3000';

  @IsOptional()
  @IsString()
  LOG_LEVEL?: string;
}
