import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DatabaseModule } from '@app/database';
import { AppLogging } from '@app/shared-types';
import { Clock } from './clock';
import { ApiRateLimitGuard, RateLimitStorage } from './http';
import { PausePoints } from './reliability/pause-points';
import { ReliabilityModule } from './reliability/reliability.module';
import { CoreConfig } from './config';
import { BankGatewayModule } from './bank-gateway';
import { ExchangeModule } from './exchange';
import { OutboxModule } from './outbox';
import { FundingModule } from './funding/funding.module';
import { API_THROTTLER } from './health/health.constants';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics';
import { TradeModule } from './trade/trade.module';
import { OrdersModule } from './orders/orders.module';
import { TransactionsModule } from './transactions/transactions.module';
import { EventsModule } from './events/events.module';
import { UsersModule } from './users/users.module';
import { ProofsModule } from './proofs/proofs.module';

@Module({})
export class AppModule {
  /** `deliverEvents: false`: the outbox's events wait for a serving process (a shell command's context). */
  static forRoot(config: CoreConfig, logging: AppLogging, { deliverEvents = true } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        ExchangeModule.forRoot({
          baseURL: config.EXCHANGE_URL,
          timeoutMs: config.EXCHANGE_TIMEOUT_MS,
          recvWindowMs: config.EXCHANGE_RECV_WINDOW_MS,
          venue: config.EXCHANGE_VENUE,
          binance: {
            baseURL: config.BINANCE_BASE_URL,
            apiKey: config.BINANCE_API_KEY ?? '',
            apiSecret: config.BINANCE_API_SECRET ?? '',
            symbol: config.EXCHANGE_SYMBOL,
          },
        }),
        BankGatewayModule.forRoot({ timeoutMs: config.BANK_ACK_TIMEOUT_MS }),
        OutboxModule.forRoot({ pollMs: config.OUTBOX_POLL_MS, backoffCapMs: config.OUTBOX_BACKOFF_CAP_MS, enabled: deliverEvents }),
        TradeModule,
        OrdersModule,
        FundingModule,
        UsersModule,
        TransactionsModule,
        EventsModule,
        ProofsModule,
        ReliabilityModule,
        HealthModule,
        MetricsModule,
        ThrottlerModule.forRoot({
          // Per client address, before authentication (http/rate-limit.guard.ts); the per-bank
          // limit runs after it, in ApiKeyGuard (auth/bank-rate-limit.ts).
          throttlers: [{ name: API_THROTTLER, ttl: 1000, limit: Math.max(1, config.RATE_LIMIT_PER_ADDRESS_PER_SECOND) }],
          skipIf: () => config.RATE_LIMIT_PER_ADDRESS_PER_SECOND === 0,
          // Both limits count here: in Redis with REDIS_URL (shared by the replicas), else in memory.
          storage: new RateLimitStorage(config.REDIS_URL, config.REDIS_KEY_PREFIX),
        }),
      ],
      providers: [
        { provide: CoreConfig, useValue: config },
        { provide: AppLogging, useValue: logging },
        Clock,
        PausePoints,
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
      ],
      exports: [CoreConfig, AppLogging, Clock, PausePoints],
    };
  }
}
