import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  DomainError,
  ErrorEnvelope,
  MalformedJsonError,
  PayloadTooLargeError,
  RateLimitedError,
  RouteNotFoundError,
  ServiceBusyError,
  UnsupportedMediaTypeError,
  ValidationError,
  errorEnvelope,
  errorResult,
} from '../errors';
import { noteErrorCode } from './error-code';

/**
 * The one place where failures become HTTP answers. Domain errors keep their code and
 * message; anything else is logged with a reference and answered as INTERNAL_ERROR, so
 * no stack trace, SQL or internal message reaches a client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const known = toDomainError(exception);
    if (known) {
      const { httpStatus, body } = errorResult(known);
      if (known instanceof RateLimitedError) res.setHeader('Retry-After', String(known.retryAfterSeconds));
      if (httpStatus >= 500) this.logger.warn(`${req.method} ${req.path} -> ${httpStatus} ${known.errorCode}: ${known.message}`);
      noteErrorCode(res, body);
      res.status(httpStatus).json(body);
      return;
    }
    const reference = randomUUID();
    this.logger.error(
      `${req.method} ${req.path} failed (reference ${reference}): ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    const body: ErrorEnvelope = errorEnvelope('INTERNAL_ERROR', `An internal error occurred (reference ${reference}).`);
    noteErrorCode(res, body);
    res.status(500).json(body);
  }
}

/** Errors from Nest and Express that are the client's doing, as domain errors. */
function toDomainError(exception: unknown): DomainError | null {
  if (exception instanceof DomainError) return exception;
  const type = (exception as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new MalformedJsonError();
  if (type === 'entity.too.large') return new PayloadTooLargeError();
  // Other body-parser refusals (unsupported charset or encoding, bad length...) carry a
  // 4xx status and are safe to name; they are the client's, never a 500. A body that does
  // not inflate (content-encoding gzip on plain JSON) is zlib's error with no type, marked
  // `expose` by http-errors.
  const status = (exception as { status?: unknown } | null)?.status;
  const exposed = (exception as { expose?: unknown } | null)?.expose === true;
  if ((typeof type === 'string' || exposed) && typeof status === 'number' && status >= 400 && status < 500) {
    return status === 415 ? new UnsupportedMediaTypeError() : new ValidationError('The request body could not be read.');
  }
  if (exception instanceof NotFoundException) return new RouteNotFoundError();
  if (isDatabaseBusy(exception)) return new ServiceBusyError();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Our own code throws domain errors only: a 400 HttpException is Nest's mapping of
    // body-parser's SyntaxError (bad JSON) or of a badly encoded path (URIError).
    if (status === 400 && /JSON/.test(exception.message)) return new MalformedJsonError();
    if (status === 400) return new ValidationError('The request is not valid.');
    if (status === 413) return new PayloadTooLargeError();
  }
  return null;
}

/**
 * Prisma's "Transaction API error" (P2028: no transaction started in time, or it expired)
 * and pool timeouts (P2024): the transaction was rolled back, nothing was written.
 */
function isDatabaseBusy(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  if (code === 'P2028' || code === 'P2024') return true;
  const message = exception instanceof Error ? exception.message : '';
  return (
    /Unable to start a transaction in the given time|expired transaction|Timed out fetching a new connection/.test(message) ||
    isDatabaseUnreachable(exception)
  );
}

/**
 * PostgreSQL away (stopped, restarting, the network cut): Prisma's "can't reach" and "closed
 * the connection" (P1001, P1002, P1017), the pg driver's refused or cut connection, and the
 * server's own "shutting down / starting up" (SQLSTATE 57P01-57P03). A temporary state, not
 * a bug: the pool reconnects by itself once the server is back (the fault suite's
 * PostgreSQL case), so the client is told to retry with the same idempotency key.
 */
function isDatabaseUnreachable(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  if (code === 'P1001' || code === 'P1002' || code === 'P1017') return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P02' || code === '57P03') return true;
  const message = exception instanceof Error ? exception.message : '';
  return /Can't reach database server|Server has closed the connection|Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|connect ECONNREFUSED/.test(
    message,
  );
}
