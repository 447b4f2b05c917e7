import { DomainError } from './domain-error';

export class IdempotencyInProgressError extends DomainError {
  readonly errorCode = 'IDEMPOTENCY_IN_PROGRESS';
  constructor() {
    super('A request with this idempotency key is still being processed; retry later.');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly errorCode = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super('This idempotency key was already used with a different request.');
  }
}
