import { DomainError } from './domain-error';

export class InsufficientFundsError extends DomainError {
  readonly errorCode = 'INSUFFICIENT_FUNDS';
  constructor(currency: string) {
    super(`User ${currency} balance is too low.`);
  }
}

/**
 * Why the exchange could not fill a trade, carried in the answer's `reason` so that a bank
 * branches without parsing the message (issue 22, section 1).
 */
export type LiquidityReason = 'EXCHANGE_UNAVAILABLE' | 'ORDER_REJECTED';

/**
 * The design's class for both: "When Mock Exchange rejects order or Mock Exchange is down".
 * One class and one code (INSUFFICIENT_LIQUIDITY); the answer tells the two apart:
 *  - `ORDER_REJECTED`, `retryable: false`: the exchange definitely rejected the order; the
 *    trade is FAILED, its hold voided, and this answer (with `transactionId`) stored for the
 *    key (final; TradeFlow.fail, and the reconciler for an order the exchange never executed);
 *  - `EXCHANGE_UNAVAILABLE`, `retryable: true`: no price could be had from the exchange
 *    before anything was written; the same request with the same key may succeed later.
 */
export class InsufficientLiquidityError extends DomainError {
  readonly errorCode = 'INSUFFICIENT_LIQUIDITY';

  constructor(
    readonly reason: LiquidityReason = 'ORDER_REJECTED',
    message = reason === 'ORDER_REJECTED'
      ? 'The exchange cannot fill this order right now.'
      : 'The exchange is not available; no price can be given. Retry with the same idempotency key.',
  ) {
    super(message);
  }

  /** The ticker failed or gave a malformed price: nothing written, a retry may succeed. */
  static unavailable(): InsufficientLiquidityError {
    return new InsufficientLiquidityError('EXCHANGE_UNAVAILABLE');
  }

  override get retryable(): boolean {
    return this.reason === 'EXCHANGE_UNAVAILABLE';
  }
}

/** The market moved against the house beyond the bank's tolerance since the quote. */
export class SlippageError extends DomainError {
  readonly errorCode = 'SLIPPAGE_EXCEEDED';
  constructor(message = 'The market price moved beyond the allowed slippage; request a new quote.') {
    super(message);
  }
}

/**
 * The bank's acknowledgement of a deposit or withdrawal is unknown (timeout, 5xx, cut
 * connection): the movement stays PENDING and a retry with the same key asks again. The
 * code also marks such a PENDING row (funding/acknowledgement-state.ts).
 */
export class BankConnectionError extends DomainError {
  readonly errorCode = 'BANK_CONNECTION_ERROR';
  constructor(message = 'The bank did not answer in time; retry with the same idempotency key.') {
    super(message);
  }
}

/** The bank refused a deposit or withdrawal: it is FAILED, nothing moved, the answer is stored (final). */
export class BankRefusedError extends DomainError {
  readonly errorCode = 'BANK_REFUSED';
  constructor(message = 'The bank did not acknowledge the operation.') {
    super(message);
  }
}

export class AmountTooLargeError extends DomainError {
  readonly errorCode = 'AMOUNT_TOO_LARGE';
  constructor(max: string, currency: string) {
    super(`The amount exceeds the limit of ${max} ${currency} per operation.`);
  }
}

export class AmountTooSmallError extends DomainError {
  readonly errorCode = 'AMOUNT_TOO_SMALL';
  constructor(message: string) {
    super(message);
  }
}
