import { DomainError } from './domain-error';

/** The answer stored for a trade an operator voided after review: it did not happen, nothing moved. */
export class TradeVoidedError extends DomainError {
  readonly errorCode = 'TRADE_VOIDED';
  readonly httpStatus = 422;
  constructor() {
    super('The trade could not be settled and was voided after review; nothing moved.');
  }
}

/** Operator side: only a PENDING trade marked for review can be resolved. */
export class TradeNotUnderReviewError extends DomainError {
  readonly errorCode = 'TRADE_NOT_UNDER_REVIEW';
  readonly httpStatus = 409;
  constructor(transactionId: string, state: string) {
    super(`Trade ${transactionId} is not under review (${state}).`);
  }
}

/** Operator side: a resolution with a missing or malformed value. */
export class InvalidResolutionError extends DomainError {
  readonly errorCode = 'INVALID_RESOLUTION';
  readonly httpStatus = 400;
  constructor(message: string) {
    super(message);
  }
}
