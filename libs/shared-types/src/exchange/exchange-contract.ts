/**
 * The Mock Exchange's HTTP contract (it plays Binance). Decimals travel as strings.
 * The Core Engine's exchange client and the Mock Exchange both use these shapes.
 */
export const EXCHANGE_SYMBOL = 'AZNUSDT';

export type OrderSide = 'BUY' | 'SELL';
export type OrderType = 'MARKET';
export type OrderStatus = 'FILLED' | 'REJECTED' | 'EXPIRED';

/** GET /ticker?symbol=AZNUSDT */
export interface TickerResponse {
  symbol: string;
  /** AZN per USDT, 4 decimals, e.g. "1.7050". */
  price: string;
  /** Unix seconds. */
  timestamp: number;
}

/** POST /order */
export interface PlaceOrderRequest {
  symbol: string;
  side: OrderSide;
  /** USDT, a positive decimal string, e.g. "50.00". */
  quantity: string;
  type: OrderType;
  /** Addition to the contract: the caller's id for the order; a repeat does not fill twice. */
  clientOrderId?: string;
  /**
   * Addition to the contract (as Binance's): when the order was made, in milliseconds since
   * the epoch. With it, the exchange refuses an order that arrives after timestamp + recvWindow,
   * so an order it does not hold once that time has passed was never executed.
   */
  timestamp?: number;
  /** Milliseconds after `timestamp` during which the order may still be accepted: 1 to 60000, default 5000. */
  recvWindow?: number;
}

export interface OrderResponse {
  orderId: string;
  status: OrderStatus;
  /** AZN per USDT, 4 decimals. */
  executedPrice: string;
  executedQty: string;
  /** Additions to the contract, present when known. */
  clientOrderId?: string;
  side?: OrderSide;
  symbol?: string;
}

/** Error body of the Mock Exchange (4xx/5xx). */
export interface ExchangeErrorResponse {
  code: string;
  message: string;
}
