import { DomainError } from './domain-error';

/**
 * The operation would take the customer over a limit of its KYC level (per operation or per
 * rolling 24 hours, in AZN). Nothing was written: the same key may be retried later or with
 * a smaller amount under a new key. `details` names the limit and the remaining allowance.
 */
export class LimitExceededError extends DomainError {
  readonly errorCode = 'LIMIT_EXCEEDED';
  readonly details: string[];
  constructor(operation: string, kind: 'per operation' | 'per 24 hours', limit: string, remaining: string) {
    super(`The amount exceeds the customer's ${operation} limit of ${limit} AZN ${kind}; ${remaining} AZN remain allowed.`);
    this.details = [`limit: ${operation} ${kind}, ${limit} AZN`, `remaining: ${remaining} AZN`];
  }
}
