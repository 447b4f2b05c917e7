import { Catch, HttpStatus } from '@nestjs/common';
import { CodeMessageExceptionFilter, CodedErrorClass } from '@app/shared-types';
import {
  AdminUnauthorizedError,
  ClientOrderIdReusedError,
  ExchangeUnavailableError,
  InjectedFailureError,
  InsufficientLiquidityError,
  OrderNotFoundError,
  OutsideRecvWindowError,
  RequestValidationError,
} from './exchange-errors';

/** The one place where this app's domain errors become HTTP statuses; the rest is CodeMessageExceptionFilter. */
@Catch()
export class ExchangeExceptionFilter extends CodeMessageExceptionFilter {
  protected readonly statusByError: ReadonlyArray<readonly [CodedErrorClass, number]> = [
    [RequestValidationError, HttpStatus.BAD_REQUEST],
    [OutsideRecvWindowError, HttpStatus.BAD_REQUEST],
    [AdminUnauthorizedError, HttpStatus.UNAUTHORIZED],
    [OrderNotFoundError, HttpStatus.NOT_FOUND],
    [ClientOrderIdReusedError, HttpStatus.CONFLICT],
    [InsufficientLiquidityError, HttpStatus.UNPROCESSABLE_ENTITY],
    [InjectedFailureError, HttpStatus.INTERNAL_SERVER_ERROR],
    [ExchangeUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  ];
  protected readonly internalMessage = 'Internal error of the mock exchange';
}
