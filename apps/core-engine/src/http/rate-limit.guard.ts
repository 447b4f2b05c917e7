import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../errors';

/**
 * Rate limit per client address, before anything else looks at the request: random API keys
 * cannot get around it (each unknown key costs a database lookup), and it needs no key. The
 * per-bank limit comes after authentication (auth/bank-rate-limit.ts). The address is
 * Express's `req.ip`: the socket's, or behind a proxy listed in TRUSTED_PROXIES the client's as
 * that proxy forwarded it (X-Forwarded-For, read from listed proxies only: applyTrustedProxies
 * in create-app.ts). Its counters are those of RateLimitStorage (http/rate-limit-storage.ts):
 * shared by the replicas with REDIS_URL.
 */
@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const { ip, socket } = req as { ip?: string; socket?: { remoteAddress?: string } };
    return `ip:${ip ?? socket?.remoteAddress ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(_: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // The storages give these times in whole seconds (Retry-After's unit).
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
