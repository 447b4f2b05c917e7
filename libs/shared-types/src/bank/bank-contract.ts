import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What the Core Engine and a bank say to each other besides the bank's calls to our API:
 * 1. acknowledgements: before the core credits a deposit (or pays out a withdrawal) it asks
 *    the bank, at POST {bank.callbackUrl}/core/acknowledgements, to confirm it moved the
 *    customer's money; no answer, a late answer or a refusal means nothing is credited;
 * 2. webhooks: trade, deposit and withdrawal events (CoreEvent), POSTed to bank.webhookUrl
 *    until acknowledged (2xx).
 * Both are signed with the bank's webhook secret (HMAC-SHA256 over "<timestamp>.<body>").
 * During a secret rotation (docs/operations.md) x-core-signature carries one signature per
 * secret in force, comma-separated, newest first (as Stripe does): a bank holding either
 * secret finds its own among them. Outside a rotation it is the one signature it always was.
 */

export const SIGNATURE_HEADER = 'x-core-signature';
export const TIMESTAMP_HEADER = 'x-core-timestamp';
export const EVENT_ID_HEADER = 'x-core-event-id';
/** A signed message older (or newer) than this is refused as stale. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const ACKNOWLEDGEMENT_PATH = '/core/acknowledgements';
/** Where the Mock Bank takes webhooks (a real bank may choose any URL: Bank.webhookUrl). */
export const WEBHOOK_PATH = '/core/webhooks';

export type AcknowledgedOperation = 'DEPOSIT' | 'WITHDRAWAL';

/** POST {callbackUrl}/core/acknowledgements. Idempotent by `reference`. */
export interface AcknowledgementRequest {
  /** The Core Engine's transaction id: the bank applies one reference once. */
  reference: string;
  /** DEPOSIT: the bank moved the customer's AZN to the omnibus (debited the customer's bank
   *  account); WITHDRAWAL: the bank pays the AZN back into the customer's bank account. */
  operation: AcknowledgedOperation;
  bankUserId: string;
  /** Decimal string, 2 decimals. */
  amount: string;
  currency: 'AZN';
}

/** 200 answer. `acknowledged: false` is a refusal (e.g. the customer's bank balance is too low). */
export interface AcknowledgementResponse {
  reference: string;
  acknowledged: boolean;
  reason?: string;
}

export type TradeEventType = 'trade.completed' | 'trade.failed' | 'trade.pending';

/** The body of a trade webhook. */
export interface TradeEvent {
  eventId: string;
  type: TradeEventType;
  /** ISO-8601 */
  createdAt: string;
  data: {
    transactionId: string;
    type: 'BUY' | 'SELL';
    /** PENDING only in trade.pending (the trade answered 202; its outcome follows in another event). */
    status: 'PENDING' | 'COMPLETED' | 'FAILED';
    bankUserId: string;
    amountIn: string;
    currencyIn: 'AZN' | 'USDT';
    amountOut: string;
    currencyOut: 'AZN' | 'USDT';
    exchangeRate: string | null;
    errorCode: string | null;
  };
}

export type FundingEventType = 'deposit.completed' | 'deposit.failed' | 'withdrawal.completed' | 'withdrawal.failed';

/** The body of a deposit or withdrawal webhook: the movement reached its final state. */
export interface FundingEvent {
  eventId: string;
  type: FundingEventType;
  /** ISO-8601 */
  createdAt: string;
  data: {
    transactionId: string;
    type: 'DEPOSIT' | 'WITHDRAWAL';
    status: 'COMPLETED' | 'FAILED';
    bankUserId: string;
    /** Decimal string, 2 decimals. */
    amount: string;
    currency: 'AZN';
    /** The error answer's code when FAILED; null when COMPLETED. */
    errorCode: string | null;
  };
}

export type OrderEventType = 'order.placed' | 'order.filled' | 'order.cancelled' | 'order.expired' | 'order.failed';

/** The body of an order webhook (docs/orders.md): written in the database transaction of the change it reports. */
export interface OrderEvent {
  eventId: string;
  type: OrderEventType;
  /** ISO-8601 */
  createdAt: string;
  data: {
    orderId: string;
    /** The order's trade (order.filled, order.failed); null before it executed. */
    transactionId: string | null;
    status: 'OPEN' | 'FILLED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';
    side: 'BUY' | 'SELL';
    type: 'LIMIT' | 'STOP';
    bankUserId: string;
    /** Decimal string, 2 decimals: AZN on a BUY, USDT on a SELL. */
    amount: string;
    currency: 'AZN' | 'USDT';
    limitPrice: string | null;
    stopPrice: string | null;
    /** order.filled: the trade's customer rate (4 decimals); null otherwise. */
    exchangeRate: string | null;
    /** order.failed: the trade's error code; null otherwise. */
    errorCode: string | null;
  };
}

/** Every webhook body the Core Engine sends (docs/bank-integration.md, "Event catalogue"). */
export type CoreEvent = TradeEvent | FundingEvent | OrderEvent;
export type CoreEventType = CoreEvent['type'];
export const CORE_EVENT_TYPES: readonly CoreEventType[] = [
  'trade.pending',
  'trade.completed',
  'trade.failed',
  'deposit.completed',
  'deposit.failed',
  'withdrawal.completed',
  'withdrawal.failed',
  'order.placed',
  'order.filled',
  'order.cancelled',
  'order.expired',
  'order.failed',
];

/** hex HMAC-SHA256 of "<timestamp>.<body>" */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The x-core-signature value: one signature per secret (newest first), comma-separated. */
export function signatureList(secrets: string | readonly string[], timestamp: number, body: string): string {
  return (typeof secrets === 'string' ? [secrets] : secrets).map((secret) => sign(secret, timestamp, body)).join(',');
}

/**
 * The headers of a signed request: a fresh timestamp and the signature over it and `body`
 * (the exact text sent), one per secret given (a rotation's new and old). `eventId` adds
 * x-core-event-id (webhooks).
 */
export function signedHeaders(
  secrets: string | readonly string[],
  body: string,
  options: { eventId?: string; nowSeconds?: number } = {},
): Record<string, string> {
  const timestamp = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatureList(secrets, timestamp, body),
    ...(options.eventId !== undefined && { [EVENT_ID_HEADER]: options.eventId }),
  };
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

/**
 * Checks a signed message: present, fresh, and one of its signatures (a rotation sends two)
 * made with `secret` (constant-time compare).
 */
export function verifySignature(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!timestampHeader || !signatureHeader || !/^\d{1,12}$/.test(timestampHeader)) return 'missing';
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  const matches = signatureHeader
    .split(',', 4)
    .map((one) => Buffer.from(one.trim(), 'hex'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? 'ok' : 'mismatch';
}
