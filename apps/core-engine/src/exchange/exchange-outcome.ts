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
  /**
   * True when the exchange did answer about the order, just not with a fill we can post (an
   * unreadable fill, NEW, PARTIALLY_FILLED): a problem of this order, which asking again may
   * not solve. Absent when the exchange could not be reached (a problem of the exchange).
   */
  answered?: true;
}

/** A lookup by client order id: the exchange answered that it has no such order. */
export interface OrderNotFound {
  kind: 'not_found';
  reason: string;
}

export type OrderOutcome = FilledOrder | RejectedOrder | UnknownOrder;
/** What a lookup can say: only the exchange's own 404 is "not found"; anything else is unknown. */
export type LookupOutcome = FilledOrder | OrderNotFound | UnknownOrder | RejectedOrder;

export interface Ticker {
  price: Decimal;
  timestamp: number;
}
