import { Module } from '@nestjs/common';
import { CoreApiModule } from '../core-api';
import { EventsCatchUpService } from '../core-callbacks/events-catch-up.service';
import { FaultsModule } from '../faults';
import { AdminKeyGuard } from './admin-key.guard';
import { EventsAdminController } from './events-admin.controller';
import { FaultsAdminController } from './faults-admin.controller';

@Module({
  imports: [FaultsModule, CoreApiModule],
  controllers: [FaultsAdminController, EventsAdminController],
  providers: [AdminKeyGuard, EventsCatchUpService],
})
export class AdminModule {}
