import { EXCHANGE_ERROR_CODES, ExchangeErrorCode } from '@app/shared-types';

/**
 * What can go wrong, in the exchange's words. Each class carries the stable `code` the
 * client sees; the HTTP status is chosen in one place, ExchangeExceptionFilter.
 */
export abstract class ExchangeError extends Error {
  abstract readonly code: ExchangeErrorCode;
}

/** The request is malformed; `code` names the field at fault (UNKNOWN_SYMBOL, INVALID_QUANTITY, ...). */
export class RequestValidationError extends ExchangeError {
  constructor(
    readonly code: ExchangeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class OrderNotFoundError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.ORDER_NOT_FOUND;
  constructor(id: string) {
    super(`No order has orderId or clientOrderId "${id}"`);
  }
}

export class ClientOrderIdReusedError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.CLIENT_ORDER_ID_REUSED;
  constructor(clientOrderId: string, existingOrderId: string, difference: string) {
    super(`clientOrderId "${clientOrderId}" already belongs to order ${existingOrderId}, which has ${difference}`);
  }
}

/** Binance's -1021: the order came too late for its own validity window (or from a clock far ahead). */
export class OutsideRecvWindowError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.OUTSIDE_RECV_WINDOW;
  constructor(ageMs: number, recvWindowMs: number) {
    super(
      ageMs < 0
        ? `The order's timestamp is ${-ageMs} ms ahead of the exchange's clock (at most 1000 ms are allowed); it was not filled`
        : `The order arrived ${ageMs} ms after its timestamp, outside its recvWindow of ${recvWindowMs} ms; it was not filled`,
    );
  }
}

export class InsufficientLiquidityError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.INSUFFICIENT_LIQUIDITY;
  constructor(quantity: string, limit: string) {
    super(`Quantity ${quantity} exceeds the available liquidity of ${limit}; the order was not filled`);
  }
}

export class AdminUnauthorizedError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.UNAUTHORIZED;
  constructor() {
    super('A valid x-admin-key header is required');
  }
}

/** Injected by the `down` fault. */
export class ExchangeUnavailableError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.EXCHANGE_UNAVAILABLE;
  constructor() {
    super('The exchange is unavailable');
  }
}

/** Injected by the `errorRate` fault. */
export class InjectedFailureError extends ExchangeError {
  readonly code = EXCHANGE_ERROR_CODES.EXCHANGE_INTERNAL_ERROR;
  constructor() {
    super('The exchange failed to process the request');
  }
}
