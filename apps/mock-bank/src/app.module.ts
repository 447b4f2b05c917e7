import { DynamicModule, Module } from '@nestjs/common';
import { MockBankConfig } from './config/mock-bank-config';
import { HealthController } from './health/health.controller';

/**
 * The Mock Bank: plays the bank that embeds the product. So far it only answers /health;
 * its customers, acknowledgements and webhooks come with the Mock Bank issue.
 */
@Module({})
export class AppModule {
  static forRoot(config: MockBankConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [{ provide: MockBankConfig, useValue: config }],
    };
  }
}
