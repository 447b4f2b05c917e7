import Decimal from 'decimal.js';
import { OrderResponse, OrderSide, OrderType } from '@app/shared-types';

/**
 * An order the mock filled. Market orders fill whole at one price, or not at all; under the
 * partialFill fault, in part, ending EXPIRED.
 */
export interface FilledOrder {
  orderId: string;
  clientOrderId?: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: Decimal;
  /** The quantity exactly as the client sent it, echoed as executedQty. */
  quantityText: string;
  /** AZN per USDT, 4 decimals. */
  executedPrice: Decimal;
  filledAt: Date;
  /** Set when the order executed only this much (the partialFill fault) and ended EXPIRED. */
  executedQtyText?: string;
}

export function toOrderResponse(order: FilledOrder): OrderResponse {
  return {
    orderId: order.orderId,
    status: order.executedQtyText === undefined ? 'FILLED' : 'EXPIRED',
    executedPrice: order.executedPrice.toFixed(4),
    executedQty: order.executedQtyText ?? order.quantityText,
    ...(order.clientOrderId !== undefined && { clientOrderId: order.clientOrderId }),
    side: order.side,
    symbol: order.symbol,
  };
}
