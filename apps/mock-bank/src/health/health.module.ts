import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { BankDatabaseIndicator, CoreEngineIndicator } from './readiness.indicators';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [BankDatabaseIndicator, CoreEngineIndicator],
})
export class HealthModule {}
