import { Decimal } from '../money';

export interface FilledOrder {
  kind: 'filled';
  orderId: string;
  executedPrice: Decimal;
  executedQty: Decimal;
}

/** The exchange definitely did not execute the order (it said so, or never received it). */
export interface RejectedOrder {
  kind: 'rejected';
  reason: string;
}

/** Nobody knows whether the order executed (timeout, 5xx, connection cut mid-request). */
export interface UnknownOrder {
  kind: 'unknown';
  reason: string;
}

export type OrderOutcome = FilledOrder | RejectedOrder | UnknownOrder;

export interface Ticker {
  price: Decimal;
  timestamp: number;
}
