import { DomainError } from './domain-error';

export class ValidationError extends DomainError {
  readonly errorCode = 'VALIDATION_ERROR';
  readonly httpStatus = 400;
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export class MalformedJsonError extends DomainError {
  readonly errorCode = 'MALFORMED_JSON';
  readonly httpStatus = 400;
  constructor() {
    super('The request body is not valid JSON.');
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly errorCode = 'PAYLOAD_TOO_LARGE';
  readonly httpStatus = 413;
  constructor() {
    super('The request body is too large.');
  }
}

export class RouteNotFoundError extends DomainError {
  readonly errorCode = 'NOT_FOUND';
  readonly httpStatus = 404;
  constructor() {
    super('No such endpoint.');
  }
}

export class MissingApiKeyError extends DomainError {
  readonly errorCode = 'MISSING_API_KEY';
  readonly httpStatus = 401;
  constructor() {
    super('The x-api-key header is required.');
  }
}

export class InvalidApiKeyError extends DomainError {
  readonly errorCode = 'INVALID_API_KEY';
  readonly httpStatus = 401;
  constructor() {
    super('The API key is not valid.');
  }
}

export class MissingIdempotencyKeyError extends DomainError {
  readonly errorCode = 'MISSING_IDEMPOTENCY_KEY';
  readonly httpStatus = 400;
  constructor() {
    super('The x-idempotency-key header is required.');
  }
}

export class InvalidIdempotencyKeyError extends DomainError {
  readonly errorCode = 'INVALID_IDEMPOTENCY_KEY';
  readonly httpStatus = 400;
  constructor() {
    super('The x-idempotency-key header must be a UUID.');
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly errorCode = 'UNSUPPORTED_MEDIA_TYPE';
  readonly httpStatus = 415;
  constructor() {
    super('The request body must be JSON in UTF-8.');
  }
}

export class RateLimitedError extends DomainError {
  readonly errorCode = 'RATE_LIMITED';
  readonly httpStatus = 429;
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
  readonly httpStatus = 503;
  constructor() {
    super('The service is busy; retry the request with the same idempotency key.');
  }
}
