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
