import { DomainError } from './domain-error';

export class IdempotencyInProgressError extends DomainError {
  readonly errorCode = 'IDEMPOTENCY_IN_PROGRESS';
  readonly httpStatus = 409;
  constructor() {
    super('A request with this idempotency key is still being processed; retry later.');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly errorCode = 'IDEMPOTENCY_KEY_REUSED';
  readonly httpStatus = 422;
  constructor() {
    super('This idempotency key was already used with a different request.');
  }
}
