import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IDEMPOTENCY_KEY_ALIAS_HEADER, IDEMPOTENCY_KEY_HEADER, UUID_PATTERN } from '@app/shared-types';
import { IdempotencyKeyConflictError, InvalidIdempotencyKeyError, MissingIdempotencyKeyError } from '../errors';

/**
 * The idempotency key: required, a UUID, sent once, in `x-idempotency-key` or in the IETF
 * draft's `Idempotency-Key` (an alias with the same rules). Both may be sent only with the
 * same key: two different keys would leave it open which one the request is retried under.
 * Returned lower-cased, so that a key's case never makes it another key.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const headers = ctx.switchToHttp().getRequest<Request>().headers;
  const keys = [headers[IDEMPOTENCY_KEY_HEADER], headers[IDEMPOTENCY_KEY_ALIAS_HEADER]]
    .filter((raw) => raw !== undefined && raw !== '')
    .map(validKey);
  if (keys.length === 0) throw new MissingIdempotencyKeyError();
  if (keys.length === 2 && keys[0] !== keys[1]) throw new IdempotencyKeyConflictError();
  return keys[0];
});

function validKey(raw: string | string[] | undefined): string {
  // Node joins repeated headers with ", ", which can never match a UUID.
  if (typeof raw !== 'string' || !UUID_PATTERN.test(raw)) throw new InvalidIdempotencyKeyError();
  return raw.toLowerCase();
}
