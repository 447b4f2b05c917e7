import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.indicator';
import { ExchangeHealthIndicator } from './exchange.indicator';
import { HealthController } from './health.controller';
import { Readiness } from './readiness.service';

/** GET /health (liveness) and GET /ready (readiness: database, exchange; probed at most once a second). */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ExchangeHealthIndicator, Readiness],
})
export class HealthModule {}
