import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.indicator';
import { ExchangeHealthIndicator } from './exchange.indicator';
import { HealthController } from './health.controller';

/** GET /health (liveness) and GET /ready (readiness: database, exchange). */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ExchangeHealthIndicator],
})
export class HealthModule {}
