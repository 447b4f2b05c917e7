import { Decimal, isPlainDecimal } from '../money';

export interface FilledOrder {
  kind: 'filled';
  orderId: string;
  executedPrice: Decimal;
  /**
   * What the exchange executed: the whole order, or part of it when the exchange ended the
   * order early (EXPIRED on a thin book); a quantity other than the trade's goes to review
   * (TradeFlow.settleFill), never posted as if it were the order.
   */
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
  /**
   * Set when the answer says the order executed, at least in part, with numbers that cannot
   * be read (an ended order with an unreadable or unpriced executed quantity): asking again
   * cannot help, so the trade goes to review at once, like a fill of another size.
   */
  review?: 'partial_fill';
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

/**
 * An order as an exchange's 2xx answer describes it, in any adapter's words once mapped
 * (the Mock Exchange's /order, Binance's /api/v3/order): the values exactly as they came
 * (strings for numbers, or whatever the body held), so that reading them stays here.
 */
export interface OrderAnswer {
  status: unknown;
  orderId: unknown;
  /** AZN per USDT of what executed (for Binance: cummulativeQuoteQty / executedQty). */
  executedPrice: unknown;
  /** USDT executed. */
  executedQty: unknown;
}

/**
 * An order the exchange will never execute (further): only its executed quantity tells whether
 * part of it did. EXPIRED_IN_MATCH is Binance's end of an order by self-trade prevention.
 */
const ENDED = new Set(['EXPIRED', 'EXPIRED_IN_MATCH', 'CANCELED', 'CANCELLED']);

/**
 * The one reading of an exchange's answer about an order (placing it or looking it up), for
 * every adapter (issue 22, 2.2):
 *  - FILLED with a readable order id, price and quantity: a fill; unreadable: unknown (a fill
 *    we cannot read is still a fill, never a rejection);
 *  - REJECTED: the exchange never took the order: a rejection;
 *  - EXPIRED, CANCELED, CANCELLED: a rejection only when the executed quantity is exactly
 *    zero. A positive one is what the exchange executed before it ended the order (Binance
 *    answers a market order on a thin book so): a fill of that quantity, which the flow sends
 *    to review as a fill of another size; a positive one we cannot price, or an unreadable
 *    quantity, is unknown and marked for review at once. Never voided: the house may hold USDT
 *    that nothing else records;
 *  - anything else (NEW, PARTIALLY_FILLED, a status or body we do not know): the order may
 *    still execute or have executed in part: unknown, looked up, never voided.
 */
export function readOrderAnswer(answer: OrderAnswer | null | undefined): OrderOutcome {
  const status = answer?.status;
  if (status === 'REJECTED') return { kind: 'rejected', reason: 'order status REJECTED' };
  const text = JSON.stringify(answer ?? null);
  if (typeof status === 'string' && ENDED.has(status)) {
    const qty = readDecimal(answer?.executedQty);
    if (qty?.isZero()) return { kind: 'rejected', reason: `order status ${status}, nothing executed` };
    const fill = qty && readFill(answer, qty);
    if (fill) return fill;
    return {
      kind: 'unknown',
      reason: `order status ${status} with an executed quantity that cannot be posted: ${text}`,
      answered: true,
      review: 'partial_fill',
    };
  }
  if (status !== 'FILLED') return { kind: 'unknown', reason: `order status ${JSON.stringify(status ?? null)}, not FILLED`, answered: true };
  const qty = readDecimal(answer?.executedQty);
  const fill = qty && !qty.isZero() ? readFill(answer, qty) : null;
  // A fill we cannot read is still a fill: do not treat it as a rejection.
  return fill ?? { kind: 'unknown', reason: `unreadable fill ${text}`, answered: true };
}

function readFill(answer: OrderAnswer | null | undefined, executedQty: Decimal): FilledOrder | null {
  const executedPrice = readDecimal(answer?.executedPrice);
  const orderId = answer?.orderId;
  // A price of 0 is readable: the fill price band (TradeFlow.settleFill) sends it to review.
  if (!executedPrice || typeof orderId !== 'string' || orderId === '') return null;
  return { kind: 'filled', orderId, executedPrice, executedQty };
}

/** A plain non-negative decimal string as a Decimal, else null (numbers, exponents, signs, garbage). */
function readDecimal(value: unknown): Decimal | null {
  return typeof value === 'string' && isPlainDecimal(value) ? new Decimal(value) : null;
}
