import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@app/shared-types';

/** A request as the core signed it: the exact body text and the signature headers. */
export interface SignedMessage {
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  eventId: string | undefined;
}

/**
 * The raw body, not the parsed one: the signature covers the exact bytes sent, and
 * re-serialising parsed JSON could change them (key order, spacing, number formats).
 */
export const Signed = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedMessage => {
  const req = ctx.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
  return {
    body: req.rawBody?.toString('utf8') ?? '',
    timestamp: single(req.headers[TIMESTAMP_HEADER]),
    signature: single(req.headers[SIGNATURE_HEADER]),
    eventId: single(req.headers[EVENT_ID_HEADER]),
  };
});

/** Node joins a repeated header into an array (or a list): a signed request sends each once. */
function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
