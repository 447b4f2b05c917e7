import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults';
import { AdminKeyGuard } from './admin-key.guard';
import { FaultsAdminController } from './faults-admin.controller';

@Module({
  imports: [FaultsModule],
  controllers: [FaultsAdminController],
  providers: [AdminKeyGuard],
})
export class AdminModule {}
