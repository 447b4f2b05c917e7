import { DomainError } from './domain-error';

export class UserNotFoundError extends DomainError {
  readonly errorCode = 'USER_NOT_FOUND';
  constructor() {
    super('No such user for this bank.');
  }
}

export class TransactionNotFoundError extends DomainError {
  readonly errorCode = 'TRANSACTION_NOT_FOUND';
  constructor() {
    super('No such transaction for this bank.');
  }
}

export class QuoteNotFoundError extends DomainError {
  readonly errorCode = 'QUOTE_NOT_FOUND';
  constructor() {
    super('No such quote for this bank and user.');
  }
}

export class QuoteExpiredError extends DomainError {
  readonly errorCode = 'QUOTE_EXPIRED';
  constructor() {
    super('The quote has expired; request a new one.');
  }
}

export class QuoteAlreadyUsedError extends DomainError {
  readonly errorCode = 'QUOTE_ALREADY_USED';
  constructor() {
    super('The quote was already used for a trade.');
  }
}

export class QuoteMismatchError extends DomainError {
  readonly errorCode = 'QUOTE_MISMATCH';
  constructor(what: string) {
    super(`The request does not match the quote: ${what}.`);
  }
}

export class EventNotFoundError extends DomainError {
  readonly errorCode = 'EVENT_NOT_FOUND';
  constructor() {
    super('No such event for this bank.');
  }
}
