import { DomainError } from './domain-error';

/**
 * The answer stored for a deposit or withdrawal an operator voided after review: the bank
 * confirmed to the operator that the money never moved; nothing moved here either.
 */
export class FundingVoidedError extends DomainError {
  readonly errorCode = 'FUNDING_VOIDED';
  constructor() {
    super('The movement could not be settled with the bank and was voided by an operator after review; nothing moved.');
  }
}

/**
 * An operator's resolution of a deposit or withdrawal refused (admin API, `npm run admin`):
 * only a PENDING one marked for review can be resolved.
 */
export class FundingNotUnderReviewError extends DomainError {
  readonly errorCode = 'FUNDING_NOT_UNDER_REVIEW';
  constructor(transactionId: string, state: string) {
    super(`Deposit or withdrawal ${transactionId} is not under review (${state}).`);
  }
}
