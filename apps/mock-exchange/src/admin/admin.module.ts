import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { MarketModule } from '../market/market.module';
import { AdminKeyGuard } from './admin-key.guard';
import { FaultsAdminController } from './faults-admin.controller';
import { PriceAdminController } from './price-admin.controller';

@Module({
  imports: [FaultsModule, MarketModule],
  controllers: [FaultsAdminController, PriceAdminController],
  providers: [AdminKeyGuard],
})
export class AdminModule {}
