import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module';
import { TradeModule } from '../trade/trade.module';
import { WalletModule } from '../wallet';
import { Reconciler } from './reconciler.service';

@Module({
  imports: [WalletModule, TradeModule, FundingModule],
  providers: [Reconciler],
  exports: [Reconciler],
})
export class ReliabilityModule {}
