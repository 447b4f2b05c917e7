import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import {
  ClientOrderIdReusedError,
  ExchangeUnavailableError,
  InjectedFailureError,
  InsufficientLiquidityError,
  OrderNotFoundError,
  OutsideRecvWindowError,
} from '../errors';
import { RequestAbandonedError } from '../faults';
import { BinanceApiError, binanceErrors } from './binance-errors';

/**
 * The /api/v3 routes' one error mapping: every failure, the injected faults included, leaves
 * as Binance's {"code","msg"} with Binance's HTTP status. Bound to those controllers only, so
 * the literal routes keep their own envelope.
 */
@Catch()
export class BinanceExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(BinanceExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof RequestAbandonedError || res.headersSent || res.destroyed) return;
    const error = toBinance(exception);
    if (error.httpStatus >= 500 && !(exception instanceof InjectedFailureError) && !(exception instanceof ExchangeUnavailableError)) {
      this.logger.error(`unexpected failure: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(error.httpStatus).json({ code: error.code, msg: error.msg });
  }
}

function toBinance(exception: unknown): BinanceApiError {
  if (exception instanceof BinanceApiError) return exception;
  if (exception instanceof OutsideRecvWindowError) {
    return exception.message.includes('ahead') ? binanceErrors.aheadOfServer() : binanceErrors.outsideRecvWindow();
  }
  if (exception instanceof InsufficientLiquidityError) return binanceErrors.rejected('Order would exceed the available liquidity.');
  if (exception instanceof ClientOrderIdReusedError) return binanceErrors.rejected('Duplicate order sent.');
  if (exception instanceof OrderNotFoundError) return binanceErrors.noSuchOrder();
  if (exception instanceof ExchangeUnavailableError) return binanceErrors.serverBusy();
  if (exception instanceof InjectedFailureError) return binanceErrors.unknown();
  if (exception instanceof HttpException && exception.getStatus() === 404) return new BinanceApiError(404, -1000, 'Not found.');
  return binanceErrors.unknown();
}
