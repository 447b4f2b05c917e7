import { ArgumentsHost, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';

/** An app's own error: a stable code and a message for the caller. */
export interface CodedError extends Error {
  readonly code: string;
}

export type CodedErrorClass = abstract new (...args: never[]) => CodedError;

/** Codes for what Nest or Express reject before an app's code runs (unknown route, unparsable JSON). */
const CODE_BY_HTTP_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'INVALID_REQUEST',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'INVALID_REQUEST',
};

/**
 * The error filter of the mock apps (Mock Exchange, Mock Bank): every error leaves as
 * `{code, message}`, so a caller needs one parser. Each app names its error classes and
 * their statuses (the one place where its domain errors become HTTP statuses); unexpected
 * errors are logged here and answered with a generic message: internals (SQL, stack traces)
 * stay inside. Subclasses add `@Catch()`.
 */
export abstract class CodeMessageExceptionFilter implements ExceptionFilter {
  protected abstract readonly statusByError: ReadonlyArray<readonly [CodedErrorClass, number]>;
  /** The message of a 500, e.g. "Internal error of the mock bank". */
  protected abstract readonly internalMessage: string;
  private readonly logger = new Logger(this.constructor.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.destroyed || response.headersSent) {
      // The client is gone (it gave up on a slow or held request): nobody to answer.
      this.logger.debug(`not answered, connection closed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const [status, body] = this.toHttp(error);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private toHttp(error: unknown): [number, { code: string; message: string }] {
    const entry = this.statusByError.find(([cls]) => error instanceof cls);
    if (entry) {
      const own = error as CodedError;
      return [entry[1], { code: own.code, message: own.message }];
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const code = CODE_BY_HTTP_STATUS[status] ?? `HTTP_${status}`;
      // A bare 400 here comes from the JSON body parser, whose message alone is cryptic.
      const message = status === Number(HttpStatus.BAD_REQUEST) ? `Malformed request: ${error.message}` : error.message;
      return [status, { code, message }];
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [HttpStatus.INTERNAL_SERVER_ERROR, { code: 'INTERNAL_ERROR', message: this.internalMessage }];
  }
}
