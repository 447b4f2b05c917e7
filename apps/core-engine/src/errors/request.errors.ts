import { DomainError } from './domain-error';

export class ValidationError extends DomainError {
  readonly errorCode = 'VALIDATION_ERROR';
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export class MalformedJsonError extends DomainError {
  readonly errorCode = 'MALFORMED_JSON';
  constructor() {
    super('The request body is not valid JSON.');
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly errorCode = 'PAYLOAD_TOO_LARGE';
  constructor() {
    super('The request body is too large.');
  }
}

export class RouteNotFoundError extends DomainError {
  readonly errorCode = 'NOT_FOUND';
  constructor() {
    super('No such endpoint.');
  }
}

export class MissingApiKeyError extends DomainError {
  readonly errorCode = 'MISSING_API_KEY';
  constructor() {
    super('The x-api-key header is required.');
  }
}

export class InvalidApiKeyError extends DomainError {
  readonly errorCode = 'INVALID_API_KEY';
  constructor() {
    super('The API key is not valid.');
  }
}

export class MissingIdempotencyKeyError extends DomainError {
  readonly errorCode = 'MISSING_IDEMPOTENCY_KEY';
  constructor() {
    super('The Idempotency-Key (or x-idempotency-key) header is required.');
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  readonly errorCode = 'INVALID_IDEMPOTENCY_KEY';
  constructor() {
    super('The idempotency key must be a UUID, sent once.');
  }
}

export class IdempotencyKeyConflictError extends DomainError {
  readonly errorCode = 'IDEMPOTENCY_KEY_CONFLICT';
  constructor() {
    super('Idempotency-Key and x-idempotency-key carry different keys; send one key.');
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly errorCode = 'UNSUPPORTED_MEDIA_TYPE';
  constructor() {
    super('The request body must be JSON in UTF-8.');
  }
}

export class RateLimitedError extends DomainError {
  readonly errorCode = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests for this API key; retry after ${retryAfterSeconds} s.`);
  }
}

/**
 * The database could not take the request in time (no free connection, or its transaction
 * ran out of time). Everything it did was rolled back: the same request with the same
 * idempotency key can simply be sent again.
 */
export class ServiceBusyError extends DomainError {
  readonly errorCode = 'SERVICE_BUSY';
  constructor() {
    super('The service is busy; retry the request with the same idempotency key.');
  }
}
