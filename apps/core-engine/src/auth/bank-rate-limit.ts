import { Injectable } from '@nestjs/common';
import { CoreConfig } from '../config';
import { RateLimitedError } from '../errors';

const WINDOW_MS = 1000;

/**
 * RATE_LIMIT_PER_SECOND requests per bank in each one-second window, counted once the API
 * key is known (ApiKeyGuard): a bank's two keys share one budget, and only authenticated
 * banks take a slot here, so the map is as small as the list of banks.
 */
@Injectable()
export class BankRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limit: number;

  constructor(config: CoreConfig) {
    this.limit = config.RATE_LIMIT_PER_SECOND;
  }

  /** Counts one request of `bankId`; throws RATE_LIMITED past the limit. */
  take(bankId: string, now = Date.now()): void {
    if (this.limit === 0) return;
    let window = this.windows.get(bankId);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(bankId, window);
    }
    window.count += 1;
    if (window.count > this.limit) throw new RateLimitedError(Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)));
  }
}
