import { DomainError } from './domain-error';

/**
 * A customer's account kept changing under the request: every attempt's optimistic version
 * check (or a deadlock / serialization failure) lost to another request, up to the bounded
 * number of attempts. Each attempt was rolled back whole: nothing was written, and a retry
 * with the same idempotency key is evaluated afresh.
 */
export class ConcurrentUpdateError extends DomainError {
  readonly errorCode = 'CONCURRENT_UPDATE';
  constructor(attempts: number) {
    super(`The account was changed by other requests ${attempts} times in a row; nothing was written. Retry with the same idempotency key.`);
  }
}
