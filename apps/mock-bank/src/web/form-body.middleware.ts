import { Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const FORM_LIMIT_BYTES = 16 * 1024;

/**
 * Reads the page's form posts (application/x-www-form-urlencoded). The app parses JSON
 * only, for its API; a browser form without JavaScript sends this instead. Repeated
 * fields keep the last value: the page's forms have none.
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      req.body = Object.fromEntries(new URLSearchParams(await readText(req)));
    }
    next();
  }
}

async function readText(req: Request): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > FORM_LIMIT_BYTES) throw new PayloadTooLargeException('The form is too large');
  const chunks: Buffer[] = [];
  let size = 0;
  // Drained to the end even when too large, so the answer can still be sent on this socket.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= FORM_LIMIT_BYTES) chunks.push(chunk);
  }
  if (size > FORM_LIMIT_BYTES) throw new PayloadTooLargeException('The form is too large');
  return Buffer.concat(chunks).toString('utf8');
}
