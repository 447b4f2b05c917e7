import { DomainError } from './domain-error';

/** The answer stored for a trade an operator voided after review: it did not happen, nothing moved. */
export class TradeVoidedError extends DomainError {
  readonly errorCode = 'TRADE_VOIDED';
  constructor() {
    super('The trade could not be settled and was voided after review; nothing moved.');
  }
}

/**
 * An operator's resolution of a trade refused (admin API, `npm run admin`):
 * never a bank's answer, so its codes are the admin surface's (ADMIN_ERROR_CODES).
 */

/** Only a PENDING trade marked for review can be resolved. */
export class TradeNotUnderReviewError extends DomainError {
  readonly errorCode = 'TRADE_NOT_UNDER_REVIEW';
  constructor(transactionId: string, state: string) {
    super(`Trade ${transactionId} is not under review (${state}).`);
  }
}

/** A resolution with a missing or malformed value. */
export class InvalidResolutionError extends DomainError {
  readonly errorCode = 'INVALID_RESOLUTION';
}

/**
 * A post whose numbers are not the exchange's: the order found by the trade's client order id
 * has another id, quantity or price, or the exchange executed none (issue 22, 2.10).
 */
export class OrderMismatchError extends DomainError {
  readonly errorCode = 'ORDER_MISMATCH';
}

/** A void of a trade whose order the exchange executed, in full or in part, without force (issue 22, 2.11). */
export class OrderExecutedError extends DomainError {
  readonly errorCode = 'ORDER_EXECUTED';
}

/** The exchange could not say what became of the trade's order: nothing can be checked, so nothing is resolved. */
export class OrderStateUnknownError extends DomainError {
  readonly errorCode = 'ORDER_STATE_UNKNOWN';
}
