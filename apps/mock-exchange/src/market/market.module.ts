import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { MarketService } from './market.service';
import { TickerController } from './ticker.controller';

@Module({
  imports: [FaultsModule],
  controllers: [TickerController],
  providers: [MarketService],
  exports: [MarketService],
})
export class MarketModule {}
