import { DomainError } from './domain-error';

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
}

export interface ErrorEnvelope {
  success: false;
  errorCode: string;
  message: string;
  /** Addition: what exactly was wrong with a request, for VALIDATION_ERROR. */
  details?: string[];
}

/** An HTTP answer as a use case decides it (and as idempotent replays store it). */
export interface ApiResult<T = unknown> {
  httpStatus: number;
  body: SuccessEnvelope<T> | ErrorEnvelope;
}

export function ok<T>(data: T, httpStatus = 200): ApiResult<T> {
  return { httpStatus, body: { success: true, data } };
}

export function errorResult(error: DomainError): ApiResult<never> {
  const body: ErrorEnvelope = { success: false, errorCode: error.errorCode, message: error.message };
  const details = (error as { details?: string[] }).details;
  if (details?.length) body.details = details;
  return { httpStatus: error.httpStatus, body };
}
