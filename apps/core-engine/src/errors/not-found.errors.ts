import { DomainError } from './domain-error';

export class UserNotFoundError extends DomainError {
  readonly errorCode = 'USER_NOT_FOUND';
  readonly httpStatus = 404;
  constructor() {
    super('No such user for this bank.');
  }
}

export class TransactionNotFoundError extends DomainError {
  readonly errorCode = 'TRANSACTION_NOT_FOUND';
  readonly httpStatus = 404;
  constructor() {
    super('No such transaction for this bank.');
  }
}

export class QuoteNotFoundError extends DomainError {
  readonly errorCode = 'QUOTE_NOT_FOUND';
  readonly httpStatus = 404;
  constructor() {
    super('No such quote for this bank and user.');
  }
}

export class QuoteExpiredError extends DomainError {
  readonly errorCode = 'QUOTE_EXPIRED';
  readonly httpStatus = 410;
  constructor() {
    super('The quote has expired; request a new one.');
  }
}

export class QuoteAlreadyUsedError extends DomainError {
  readonly errorCode = 'QUOTE_ALREADY_USED';
  readonly httpStatus = 409;
  constructor() {
    super('The quote was already used for a trade.');
  }
}

export class QuoteMismatchError extends DomainError {
  readonly errorCode = 'QUOTE_MISMATCH';
  readonly httpStatus = 422;
  constructor(what: string) {
    super(`The request does not match the quote: ${what}.`);
  }
}

export class EventNotFoundError extends DomainError {
  readonly errorCode = 'EVENT_NOT_FOUND';
  readonly httpStatus = 404;
  constructor() {
    super('No such event for this bank.');
  }
}
