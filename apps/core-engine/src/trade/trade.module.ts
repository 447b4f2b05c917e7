import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { LimitsModule } from '../limits';
import { IdempotencyModule } from '../idempotency';
import { LedgerModule } from '../ledger';
import { WalletModule } from '../wallet';
import { BuyUseCase } from './buy/buy.use-case';
import { QuoteService } from './quote/quote.service';
import { ResolveTradeUseCase } from './review/resolve-trade.use-case';
import { TradeReview } from './review/trade-review.service';
import { TradesUnderReview } from './review/trades-under-review.query';
import { QuoteUseCase } from './quote/quote.use-case';
import { SellUseCase } from './sell/sell.use-case';
import { TradeFlow } from './shared/trade-flow.service';
import { TradeStore } from './shared/trade-store';
import { TradeLog } from './shared/trade-log';
import { TradeController } from './trade.controller';
import { OrderOutcome } from '../orders/order-outcome';

@Module({
  imports: [AuthModule, WalletModule, LedgerModule, IdempotencyModule, LimitsModule],
  controllers: [TradeController],
  providers: [
    BuyUseCase,
    SellUseCase,
    QuoteUseCase,
    QuoteService,
    TradeFlow,
    TradeStore,
    TradeLog,
    TradeReview,
    TradesUnderReview,
    ResolveTradeUseCase,
    OrderOutcome,
  ],
  exports: [TradeFlow, TradeReview, TradesUnderReview, ResolveTradeUseCase, QuoteService],
})
export class TradeModule {}
