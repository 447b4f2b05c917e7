import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { BinanceModule } from './binance/binance.module';
import { MockExchangeConfig, MockExchangeConfigModule } from './config';
import { createValidationPipe, ExchangeExceptionFilter } from './errors';
import { FaultsModule } from './faults/faults.module';
import { HealthModule } from './health/health.module';
import { MarketModule } from './market/market.module';
import { OrdersModule } from './orders/orders.module';

/**
 * The Mock Exchange. Built from explicit settings so tests choose theirs; main.ts reads
 * them from the environment. The pipe and filter are registered here, not in main.ts,
 * so an app built in a test answers errors exactly like the real one.
 */
@Module({})
export class AppModule {
  static forRoot(config: MockExchangeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [MockExchangeConfigModule.forRoot(config), FaultsModule, MarketModule, OrdersModule, BinanceModule, AdminModule, HealthModule],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ExchangeExceptionFilter },
      ],
    };
  }
}
