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
