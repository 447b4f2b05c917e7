import type { Response } from 'express';
import { ApiResult } from '../errors';

/** A use case's answer on the wire: its status (201, 202, or a stored replay's) and its body. */
export function sendResult(res: Response, result: ApiResult): ApiResult['body'] {
  res.status(result.httpStatus);
  return result.body;
}
