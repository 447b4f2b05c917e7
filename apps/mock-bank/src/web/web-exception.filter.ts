import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CoreUnavailableError, CustomerNotFoundError, TransactionNotFoundError } from '../errors';
import { sendPage } from './http-replies';
import { errorPage } from './views/error.view';

/** The page's errors as pages (the API's filter answers JSON). Internals stay in the log. */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const [status, title, words] = this.describe(error);
    sendPage(res, errorPage(title, words).text, status);
  }

  private describe(error: unknown): [number, string, string] {
    if (error instanceof CustomerNotFoundError) return [HttpStatus.NOT_FOUND, 'No such customer', `${error.message}.`];
    if (error instanceof TransactionNotFoundError) return [HttpStatus.NOT_FOUND, 'No such transaction', `${error.message}.`];
    if (error instanceof CoreUnavailableError) {
      return [HttpStatus.SERVICE_UNAVAILABLE, 'The crypto service did not answer', 'Try again in a moment.'];
    }
    if (error instanceof HttpException && error.getStatus() < 500) return [error.getStatus(), 'Request refused', error.message];
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong', 'The bank could not show this page. Try again in a moment.'];
  }
}
