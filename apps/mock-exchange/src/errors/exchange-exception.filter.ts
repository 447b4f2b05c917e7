import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { EXCHANGE_ERROR_CODES, ExchangeErrorResponse } from '@app/shared-types';
import {
  AdminUnauthorizedError,
  ClientOrderIdReusedError,
  ExchangeError,
  ExchangeUnavailableError,
  InjectedFailureError,
  InsufficientLiquidityError,
  OrderNotFoundError,
  RequestValidationError,
} from './exchange-errors';

type ErrorClass = abstract new (...args: never[]) => ExchangeError;

/** The one place where domain errors become HTTP statuses. */
const STATUS_BY_ERROR: ReadonlyArray<[ErrorClass, HttpStatus]> = [
  [RequestValidationError, HttpStatus.BAD_REQUEST],
  [AdminUnauthorizedError, HttpStatus.UNAUTHORIZED],
  [OrderNotFoundError, HttpStatus.NOT_FOUND],
  [ClientOrderIdReusedError, HttpStatus.CONFLICT],
  [InsufficientLiquidityError, HttpStatus.UNPROCESSABLE_ENTITY],
  [InjectedFailureError, HttpStatus.INTERNAL_SERVER_ERROR],
  [ExchangeUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
];

/** Codes for what Nest or Express reject before our code runs (unknown route, unparsable JSON). */
const CODE_BY_HTTP_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: EXCHANGE_ERROR_CODES.INVALID_REQUEST,
  [HttpStatus.NOT_FOUND]: EXCHANGE_ERROR_CODES.NOT_FOUND,
  [HttpStatus.PAYLOAD_TOO_LARGE]: EXCHANGE_ERROR_CODES.INVALID_REQUEST,
};

/**
 * Every error leaves as {code, message}, so the Core Engine needs one parser. Unexpected
 * errors are logged here and answered with a generic message: internals stay inside.
 */
@Catch()
export class ExchangeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ExchangeExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.destroyed || response.headersSent) {
      // The client is gone (e.g. it gave up on a held request): nobody to answer.
      this.logger.debug(`not answered, connection closed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const [status, body] = this.toHttp(error);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private toHttp(error: unknown): [number, ExchangeErrorResponse] {
    if (error instanceof ExchangeError) {
      const entry = STATUS_BY_ERROR.find(([cls]) => error instanceof cls);
      if (entry) return [entry[1], { code: error.code, message: error.message }];
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const code = CODE_BY_HTTP_STATUS[status] ?? `HTTP_${status}`;
      // In this app a bare 400 comes from the JSON body parser, whose message alone is cryptic.
      const message = status === HttpStatus.BAD_REQUEST ? `Malformed request: ${error.message}` : error.message;
      return [status, { code, message }];
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { code: EXCHANGE_ERROR_CODES.INTERNAL_ERROR, message: 'Internal error of the mock exchange' },
    ];
  }
}
