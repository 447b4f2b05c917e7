import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ActionsModule } from './actions/actions.module';
import { AdminModule } from './admin/admin.module';
import { MockBankConfig, MockBankConfigModule } from './config';
import { CoreCallbacksModule } from './core-callbacks/core-callbacks.module';
import { CustomersModule } from './customers/customers.module';
import { BankExceptionFilter, createValidationPipe } from './errors';
import { FaultsModule } from './faults';
import { HealthModule } from './health/health.module';
import { StorageModule } from './storage';
import { WebModule } from './web/web.module';

/**
 * The Mock Bank: plays the bank that embeds the product. Its customers and their AZN
 * accounts live in its own schema; it calls the Core Engine for them, acknowledges the
 * core's deposits and takes its webhooks. Built from explicit settings so tests choose
 * theirs; the pipe and filter are registered here so a test app answers like the real one.
 * WebModule is the demo page at / (server-rendered HTML over the same services).
 */
@Module({})
export class AppModule {
  static forRoot(config: MockBankConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MockBankConfigModule.forRoot(config),
        StorageModule,
        FaultsModule,
        CustomersModule,
        ActionsModule,
        CoreCallbacksModule,
        AdminModule,
        HealthModule,
        WebModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: BankExceptionFilter },
      ],
    };
  }
}
