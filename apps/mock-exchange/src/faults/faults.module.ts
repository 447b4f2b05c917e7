import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FaultInterceptor } from './fault.interceptor';
import { FaultSettingsService } from './fault-settings.service';
import { HeldRequestsService } from './held-requests.service';

@Module({
  providers: [FaultSettingsService, HeldRequestsService, { provide: APP_INTERCEPTOR, useClass: FaultInterceptor }],
  exports: [FaultSettingsService, HeldRequestsService],
})
export class FaultsModule {}
