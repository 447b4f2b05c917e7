import { DomainError } from './domain-error';

export class OrderNotFoundError extends DomainError {
  readonly errorCode = 'ORDER_NOT_FOUND';
  constructor() {
    super('No such order for this bank.');
  }
}

/** A cancel found the order executing or done: nothing changed (docs/orders.md, "Cancel against trigger"). */
export class OrderNotOpenError extends DomainError {
  readonly errorCode = 'ORDER_NOT_OPEN';
  constructor(status: string) {
    super(`The order is ${status}: only an OPEN order can be cancelled.`);
  }
}

export class InvalidOrderPriceError extends DomainError {
  readonly errorCode = 'INVALID_ORDER_PRICE';
  constructor(message: string) {
    super(message);
  }
}

export class InvalidOrderExpiryError extends DomainError {
  readonly errorCode = 'INVALID_ORDER_EXPIRY';
  constructor(message: string) {
    super(message);
  }
}
