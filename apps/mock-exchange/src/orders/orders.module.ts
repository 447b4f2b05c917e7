import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { MarketModule } from '../market/market.module';
import { AccountModule } from '../account/account.module';
import { OrderBookService } from './order-book.service';
import { OrdersController } from './orders.controller';

@Module({
  imports: [MarketModule, FaultsModule, AccountModule],
  controllers: [OrdersController],
  providers: [OrderBookService],
  exports: [OrderBookService],
})
export class OrdersModule {}
