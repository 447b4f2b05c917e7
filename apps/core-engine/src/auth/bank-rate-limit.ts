import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { CoreConfig } from '../config';
import { RateLimitedError } from '../errors';

const WINDOW_MS = 1000;
const BANK_THROTTLER = 'per-bank';

/**
 * RATE_LIMIT_PER_SECOND requests per bank in each one-second window, counted once the API
 * key is known (ApiKeyGuard): a bank's two keys share one budget, and only authenticated
 * banks take a slot here. The counters are the throttler's storage (http/rate-limit-storage.ts):
 * in Redis with REDIS_URL, so that N replicas allow the limit once, not N times.
 */
@Injectable()
export class BankRateLimit {
  private readonly limit: number;

  constructor(
    config: CoreConfig,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
  ) {
    this.limit = config.RATE_LIMIT_PER_SECOND;
  }

  /** Counts one request of `bankId`; past the limit throws RATE_LIMITED, and keeps refusing for WINDOW_MS. */
  async take(bankId: string): Promise<void> {
    if (this.limit === 0) return;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(`bank:${bankId}`, WINDOW_MS, this.limit, WINDOW_MS, BANK_THROTTLER);
    if (isBlocked) throw new RateLimitedError(Math.max(1, timeToBlockExpire));
  }
}
