import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { FaultsModule } from '../faults/faults.module';
import { HealthController } from './health.controller';
import { TradingIndicator } from './trading.indicator';

@Module({
  imports: [TerminusModule, FaultsModule],
  controllers: [HealthController],
  providers: [TradingIndicator],
})
export class HealthModule {}
