import { Module } from '@nestjs/common';
import { AdminKeyGuard } from '../admin/admin-key.guard';
import { FaultsModule } from '../faults/faults.module';
import { MarketModule } from '../market/market.module';
import { OrdersModule } from '../orders/orders.module';
import { BinanceFaultsAdminController } from './binance-faults-admin.controller';
import { BinanceFaultsService } from './binance-faults.service';
import { BinanceMarketController } from './binance-market.controller';
import { BinanceOrderController } from './binance-order.controller';
import { BinanceOrdersService } from './binance-orders.service';
import { BinanceSignedRequest } from './binance-signed-request';
import { BinanceSymbol } from './binance-symbol';

/** Binance Spot's REST routes under /api/v3 on the same market and order book as the literal routes. */
@Module({
  imports: [FaultsModule, MarketModule, OrdersModule],
  controllers: [BinanceMarketController, BinanceOrderController, BinanceFaultsAdminController],
  providers: [BinanceFaultsService, BinanceSignedRequest, BinanceSymbol, BinanceOrdersService, AdminKeyGuard],
})
export class BinanceModule {}
