import { DomainError } from './domain-error';

/** The answer stored for a trade an operator voided after review: it did not happen, nothing moved. */
export class TradeVoidedError extends DomainError {
  readonly errorCode = 'TRADE_VOIDED';
  constructor() {
    super('The trade could not be settled and was voided after review; nothing moved.');
  }
}

/**
 * An operator's resolution of a trade refused (npm run trades, the admin surface): never a
 * bank's answer, so not a DomainError and not in CORE_ERROR_CODES. `code` is stable.
 */
export abstract class ResolutionRefusedError extends Error {
  abstract readonly code: 'TRADE_NOT_UNDER_REVIEW' | 'INVALID_RESOLUTION';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Only a PENDING trade marked for review can be resolved. */
export class TradeNotUnderReviewError extends ResolutionRefusedError {
  readonly code = 'TRADE_NOT_UNDER_REVIEW';
  constructor(transactionId: string, state: string) {
    super(`Trade ${transactionId} is not under review (${state}).`);
  }
}

/** A resolution with a missing or malformed value. */
export class InvalidResolutionError extends ResolutionRefusedError {
  readonly code = 'INVALID_RESOLUTION';
}
