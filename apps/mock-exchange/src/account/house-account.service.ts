import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { MockExchangeConfig } from '../config';
import type { FilledOrder } from '../orders/filled-order';

export interface AccountBalance {
  asset: 'AZN' | 'USDT';
  free: string;
  locked: string;
}

/**
 * The house's balances at the venue: opened from the settings, moved by every fill (a BUY of
 * q USDT at p: USDT + q, AZN − q×p; a SELL the other way), in memory like the orders (a fill
 * replayed from the journal at start moves them again, so they survive a restart with it).
 */
@Injectable()
export class HouseAccountService {
  private readonly logger = new Logger(HouseAccountService.name);
  private azn: Decimal;
  private usdt: Decimal;
  private updatedAt = Date.now();

  constructor(config: MockExchangeConfig) {
    this.azn = new Decimal(config.MOCK_EXCHANGE_HOUSE_AZN);
    this.usdt = new Decimal(config.MOCK_EXCHANGE_HOUSE_USDT);
  }

  applyFill(order: FilledOrder): void {
    // The AZN side at the ledger's scale, exactly: 4-decimal price × 2-decimal quantity needs 6.
    const quote = order.quantity.times(order.executedPrice);
    const sign = order.side === 'BUY' ? 1 : -1;
    this.usdt = this.usdt.plus(order.quantity.times(sign));
    this.azn = this.azn.minus(quote.times(sign));
    this.updatedAt = order.filledAt.getTime();
    this.logger.debug(`house account after ${order.orderId}: AZN ${this.azn.toFixed(8)}, USDT ${this.usdt.toFixed(8)}`);
  }

  balances(): { updateTime: number; balances: AccountBalance[] } {
    return {
      updateTime: this.updatedAt,
      balances: [
        { asset: 'AZN', free: this.azn.toFixed(8), locked: '0.00000000' },
        { asset: 'USDT', free: this.usdt.toFixed(8), locked: '0.00000000' },
      ],
    };
  }
}
