import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { RateLimitedError } from '../errors';

/**
 * Rate limit per API key (per client address for requests without one). The key itself
 * never becomes a storage key or a log line: only its hash does.
 */
@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const key = req.headers?.['x-api-key'];
    if (typeof key === 'string' && key) return `key:${createHash('sha256').update(key).digest('hex')}`;
    return `ip:${req.ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(_: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToExpire / 1000)));
  }
}
