import { Order } from '@app/prisma-client';
import { OrderEvent, OrderView } from '@app/shared-types';

/**
 * The idempotency key of an order's trade: `order:<orderId>`. The Transaction's unique
 * (bankId, idempotencyKey) index then lets an order have one trade at most, whatever runs it
 * (a replica, a retry after a crash). A bank's own keys are UUIDs, so they never take this form.
 */
export function orderTradeKey(orderId: string): string {
  return `order:${orderId}`;
}

/** The order a trade executes, from its idempotency key; null for a market trade. */
export function orderIdOfTradeKey(idempotencyKey: string): string | null {
  return idempotencyKey.startsWith('order:') ? idempotencyKey.slice('order:'.length) : null;
}

/** What TradeStore needs to finish an order with its trade (order FILLED or FAILED, and the event). */
export interface OrderOfTrade {
  orderId: string;
  bankId: string;
  bankUserId: string;
  /** Whether the bank takes webhooks (its order event is written only then, as its trade events). */
  withEvent: boolean;
}

type DecimalLike = { toFixed(n: number): string };

/** An order's fields as the API and the events show them: a row read back, or one about to be written (decimal.js values). */
export type OrderFields = Pick<
  Order,
  'id' | 'status' | 'side' | 'type' | 'currency' | 'timeInForce' | 'expiresAt' | 'transactionId' | 'errorCode' | 'createdAt' | 'updatedAt'
> & { amount: DecimalLike; limitPrice: DecimalLike | null; stopPrice: DecimalLike | null };

const fixed = (d: DecimalLike | null, n: number) => (d === null ? null : d.toFixed(n));

/** An order row as the API shows it. */
export function orderView(row: OrderFields, bankUserId: string): OrderView {
  return {
    orderId: row.id,
    status: row.status,
    bankUserId,
    side: row.side as 'BUY' | 'SELL',
    type: row.type,
    amount: row.amount.toFixed(2),
    currency: row.currency,
    limitPrice: fixed(row.limitPrice, 4),
    stopPrice: fixed(row.stopPrice, 4),
    timeInForce: row.timeInForce,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    transactionId: row.transactionId,
    errorCode: row.errorCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The `data` of an order event. */
export function orderEventData(row: OrderFields, bankUserId: string, exchangeRate: string | null = null): OrderEvent['data'] {
  return {
    orderId: row.id,
    transactionId: row.transactionId,
    status: row.status === 'TRIGGERED' ? 'OPEN' : row.status,
    side: row.side as 'BUY' | 'SELL',
    type: row.type,
    bankUserId,
    amount: row.amount.toFixed(2),
    currency: row.currency,
    limitPrice: fixed(row.limitPrice, 4),
    stopPrice: fixed(row.stopPrice, 4),
    exchangeRate,
    errorCode: row.errorCode,
  };
}
