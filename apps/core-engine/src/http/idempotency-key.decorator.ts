import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { UUID_PATTERN } from '@app/shared-types';
import { InvalidIdempotencyKeyError, MissingIdempotencyKeyError } from '../errors';

/** The x-idempotency-key header: required, a UUID, sent once. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers['x-idempotency-key'];
  if (raw === undefined || raw === '') throw new MissingIdempotencyKeyError();
  // Node joins repeated headers with ", ", which can never match a UUID.
  if (Array.isArray(raw) || !UUID_PATTERN.test(raw)) throw new InvalidIdempotencyKeyError();
  return raw.toLowerCase();
});
