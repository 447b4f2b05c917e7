import { DomainError } from './domain-error';

export class InsufficientFundsError extends DomainError {
  readonly errorCode = 'INSUFFICIENT_FUNDS';
  readonly httpStatus = 422;
  constructor(currency: string) {
    super(`User ${currency} balance is too low.`);
  }
}

/** The exchange rejected the order or could not be reached before anything was executed. */
export class InsufficientLiquidityError extends DomainError {
  readonly errorCode = 'INSUFFICIENT_LIQUIDITY';
  readonly httpStatus = 503;
  constructor(message = 'The exchange cannot fill this order right now.') {
    super(message);
  }
}

/** The market moved against the house beyond the bank's tolerance since the quote. */
export class SlippageError extends DomainError {
  readonly errorCode = 'SLIPPAGE_EXCEEDED';
  readonly httpStatus = 409;
  constructor(message = 'The market price moved beyond the allowed slippage; request a new quote.') {
    super(message);
  }
}

/** The bank did not acknowledge a money movement (no answer, too late, or refused). */
export class BankConnectionError extends DomainError {
  readonly errorCode = 'BANK_CONNECTION_ERROR';
  readonly httpStatus = 502;
  constructor(message = 'The bank did not acknowledge the operation.') {
    super(message);
  }
}

export class AmountTooLargeError extends DomainError {
  readonly errorCode = 'AMOUNT_TOO_LARGE';
  readonly httpStatus = 422;
  constructor(max: string, currency: string) {
    super(`The amount exceeds the limit of ${max} ${currency} per operation.`);
  }
}

export class AmountTooSmallError extends DomainError {
  readonly errorCode = 'AMOUNT_TOO_SMALL';
  readonly httpStatus = 422;
  constructor(message: string) {
    super(message);
  }
}
