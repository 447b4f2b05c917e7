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

/**
 * An operator's void of a deposit or withdrawal the bank acknowledged (its booking here failed
 * afterwards, Transaction.bankAcknowledgedAt): the money moved at the bank, so voiding it would
 * pay a withdrawal twice or lose a deposit. It can only be posted; a bank that reversed the
 * movement since sends the opposite movement.
 */
export class FundingAcknowledgedError extends DomainError {
  readonly errorCode = 'FUNDING_ACKNOWLEDGED';
  constructor(transactionId: string, acknowledgedAt: Date) {
    super(
      `Deposit or withdrawal ${transactionId} was acknowledged by the bank at ${acknowledgedAt.toISOString()}: the money moved, so it can only be posted, not voided.`,
    );
  }
}
