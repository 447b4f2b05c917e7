import type { Response } from 'express';
import { ApiResult } from '../errors';
import { noteErrorCode } from './error-code';

/** A use case's answer on the wire: its status (201, 202, or a stored replay's) and its body. */
export function sendResult(res: Response, result: ApiResult): ApiResult['body'] {
  res.status(result.httpStatus);
  noteErrorCode(res, result.body);
  return result.body;
}
