import type { Response } from 'express';
import type { ApiResult } from '../errors';

/** Where an answer's errorCode waits for the metrics (api_errors_total), read when the answer is sent. */
export const ERROR_CODE_LOCAL = 'errorCode';

/** Marks an error envelope's code on the response; every error answer goes through here. */
export function noteErrorCode(res: Response, body: ApiResult['body']): void {
  if (!body.success) res.locals[ERROR_CODE_LOCAL] = body.errorCode;
}
