import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MOCK_BANK_ADMIN_KEY_HEADER } from '@app/shared-types';
import { MockBankConfig } from '../config';
import { AdminUnauthorizedError } from '../errors';

/** The admin API answers only to the key from MOCK_BANK_ADMIN_KEY. */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: MockBankConfig) {
    this.expected = digest(config.MOCK_BANK_ADMIN_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<IncomingMessage>().headers[MOCK_BANK_ADMIN_KEY_HEADER];
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), this.expected)) {
      throw new AdminUnauthorizedError();
    }
    return true;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
