import { Catch, HttpStatus } from '@nestjs/common';
import { CodeMessageExceptionFilter, CodedErrorClass } from '@app/shared-types';
import {
  ActionReusedError,
  AdminUnauthorizedError,
  BankUnavailableError,
  CoreUnavailableError,
  CustomerExistsError,
  CustomerNotFoundError,
  InvalidCoreMessageError,
  RequestValidationError,
  SignatureRejectedError,
  TransactionNotFoundError,
} from './bank-errors';

/** The one place where this app's domain errors become HTTP statuses; the rest is CodeMessageExceptionFilter. */
@Catch()
export class BankExceptionFilter extends CodeMessageExceptionFilter {
  protected readonly statusByError: ReadonlyArray<readonly [CodedErrorClass, number]> = [
    [RequestValidationError, HttpStatus.BAD_REQUEST],
    [InvalidCoreMessageError, HttpStatus.BAD_REQUEST],
    [SignatureRejectedError, HttpStatus.UNAUTHORIZED],
    [AdminUnauthorizedError, HttpStatus.UNAUTHORIZED],
    [CustomerNotFoundError, HttpStatus.NOT_FOUND],
    [TransactionNotFoundError, HttpStatus.NOT_FOUND],
    [CustomerExistsError, HttpStatus.CONFLICT],
    [ActionReusedError, HttpStatus.UNPROCESSABLE_ENTITY],
    [BankUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
    [CoreUnavailableError, HttpStatus.GATEWAY_TIMEOUT],
  ];
  protected readonly internalMessage = 'Internal error of the mock bank';
}
