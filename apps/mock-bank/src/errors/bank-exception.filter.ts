import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { MockBankErrorResponse } from '@app/shared-types';
import {
  ActionReusedError,
  AdminUnauthorizedError,
  BankError,
  BankUnavailableError,
  CoreUnavailableError,
  CustomerExistsError,
  CustomerNotFoundError,
  InvalidCoreMessageError,
  RequestValidationError,
  SignatureRejectedError,
  TransactionNotFoundError,
} from './bank-errors';

type ErrorClass = abstract new (...args: never[]) => BankError;

/** The one place where domain errors become HTTP statuses. */
const STATUS_BY_ERROR: ReadonlyArray<[ErrorClass, HttpStatus]> = [
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

/** Codes for what Nest or Express reject before our code runs (unknown route, unparsable JSON). */
const CODE_BY_HTTP_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'INVALID_REQUEST',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'INVALID_REQUEST',
};

/**
 * Every error leaves as {code, message}. Unexpected errors are logged here and answered
 * with a generic message: internals (SQL, stack traces) stay inside.
 */
@Catch()
export class BankExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(BankExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.destroyed || response.headersSent) {
      // The client is gone (e.g. the core gave up on a slow acknowledgement): nobody to answer.
      this.logger.debug(`not answered, connection closed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const [status, body] = this.toHttp(error);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private toHttp(error: unknown): [number, MockBankErrorResponse] {
    if (error instanceof BankError) {
      const entry = STATUS_BY_ERROR.find(([cls]) => error instanceof cls);
      if (entry) return [entry[1], { code: error.code, message: error.message }];
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const code = CODE_BY_HTTP_STATUS[status] ?? `HTTP_${status}`;
      // A bare 400 here comes from the JSON body parser, whose message alone is cryptic.
      const message = status === HttpStatus.BAD_REQUEST ? `Malformed request: ${error.message}` : error.message;
      return [status, { code, message }];
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [HttpStatus.INTERNAL_SERVER_ERROR, { code: 'INTERNAL_ERROR', message: 'Internal error of the mock bank' }];
  }
}
