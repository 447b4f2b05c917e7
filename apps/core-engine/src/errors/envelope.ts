import { AdminErrorCode, CoreErrorCode, ERROR_CODE_INFO } from '@app/shared-types';
import { DomainError } from './domain-error';
import { InsufficientLiquidityError } from './trade.errors';

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
}

export interface ErrorEnvelope {
  success: false;
  errorCode: CoreErrorCode | AdminErrorCode;
  message: string;
  /** Addition: whether the same request with the same idempotency key may succeed later. */
  retryable: boolean;
  /** Addition: the Transaction the request created (a FAILED trade or funding, a PENDING funding). */
  transactionId?: string;
  /** Addition: what exactly was wrong with a request, for VALIDATION_ERROR. */
  details?: string[];
  /**
   * Addition (issue 22): the cause, where one code covers two, for INSUFFICIENT_LIQUIDITY:
   * `EXCHANGE_UNAVAILABLE` (retryable, nothing written) or `ORDER_REJECTED` (final, FAILED).
   */
  reason?: string;
}

/** An HTTP answer as a use case decides it (and as idempotent replays store it). */
export interface ApiResult<T = unknown> {
  httpStatus: number;
  body: SuccessEnvelope<T> | ErrorEnvelope;
}

export function ok<T>(data: T, httpStatus = 200): ApiResult<T> {
  return { httpStatus, body: { success: true, data } };
}

/** The error answer; `transactionId` when the request got as far as creating its Transaction. */
export function errorResult(error: DomainError, transactionId?: string): ApiResult<never> {
  const body = errorEnvelope(error.errorCode, error.message, transactionId, (error as { details?: string[] }).details);
  // A code whose answers differ (INSUFFICIENT_LIQUIDITY) says which one this is.
  body.retryable = error.retryable;
  if (error instanceof InsufficientLiquidityError) body.reason = error.reason;
  return { httpStatus: error.httpStatus, body };
}

export function errorEnvelope(errorCode: CoreErrorCode | AdminErrorCode, message: string, transactionId?: string, details?: string[]): ErrorEnvelope {
  const body: ErrorEnvelope = { success: false, errorCode, message, retryable: ERROR_CODE_INFO[errorCode].retryable };
  if (transactionId) body.transactionId = transactionId;
  if (details?.length) body.details = details;
  return body;
}
