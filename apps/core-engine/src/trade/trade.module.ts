import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { IdempotencyModule } from '../idempotency';
import { LedgerModule } from '../ledger';
import { WalletModule } from '../wallet';
import { BuyUseCase } from './buy/buy.use-case';
import { TradeController } from './trade.controller';

@Module({
  imports: [AuthModule, WalletModule, LedgerModule, IdempotencyModule],
  controllers: [TradeController],
  providers: [BuyUseCase],
})
export class TradeModule {}
