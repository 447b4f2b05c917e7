import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { IdempotencyModule } from '../idempotency';
import { LimitsModule } from '../limits';
import { ExecuteOrderUseCase } from '../matching/execute-order.use-case';
import { OrderMatcher } from '../matching/order-matcher.service';
import { TradeModule } from '../trade/trade.module';
import { WalletModule } from '../wallet';
import { CancelOrderUseCase } from './cancel/cancel-order.use-case';
import { OrderCloser } from './order-closer';
import { OrdersController } from './orders.controller';
import { PlaceOrderUseCase } from './place/place-order.use-case';
import { OrdersQuery } from './read/orders.query';

/** Limit and stop orders (docs/orders.md): the API here, the book and its matcher in matching/. */
@Module({
  imports: [AuthModule, WalletModule, IdempotencyModule, LimitsModule, TradeModule],
  controllers: [OrdersController],
  providers: [PlaceOrderUseCase, CancelOrderUseCase, OrdersQuery, OrderCloser, OrderMatcher, ExecuteOrderUseCase],
  exports: [OrderMatcher, OrdersQuery],
})
export class OrdersModule {}
