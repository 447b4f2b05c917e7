import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CallbackFaultsInterceptor } from './callback-faults.interceptor';
import { FaultSwitchService } from './fault-switch.service';

@Module({
  providers: [FaultSwitchService, { provide: APP_INTERCEPTOR, useClass: CallbackFaultsInterceptor }],
  exports: [FaultSwitchService],
})
export class FaultsModule {}
