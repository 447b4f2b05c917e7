import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { BankRateLimit } from './bank-rate-limit';

@Module({
  providers: [ApiKeyService, ApiKeyGuard, BankRateLimit],
  exports: [ApiKeyService, ApiKeyGuard, BankRateLimit],
})
export class AuthModule {}
