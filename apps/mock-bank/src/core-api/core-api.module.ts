import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { MockBankConfig } from '../config';
import { CoreApiClient } from './core-api.client';

@Module({
  imports: [
    HttpModule.registerAsync({
      inject: [MockBankConfig],
      useFactory: (config: MockBankConfig) => ({
        baseURL: config.CORE_ENGINE_URL.replace(/\/$/, ''),
        timeout: config.MOCK_BANK_CORE_TIMEOUT_MS,
        maxRedirects: 0,
      }),
    }),
  ],
  providers: [CoreApiClient],
  exports: [CoreApiClient],
})
export class CoreApiModule {}
