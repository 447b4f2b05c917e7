import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { once } from 'node:events';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A Redis command slower than this counts as Redis not answering: a request never waits longer on its rate limit. */
const COMMAND_TIMEOUT_MS = 500;
/** One connection attempt's limit. */
const CONNECT_TIMEOUT_MS = 2000;
/** How long the boot waits for Redis, so that the first requests already share the counters. */
const BOOT_WAIT_MS = 5000;

/**
 * The counters of both rate limits (per address: http/rate-limit.guard.ts; per bank:
 * auth/bank-rate-limit.ts). With REDIS_URL they live in Redis (@nest-lab/throttler-storage-redis:
 * one Lua script per hit, so replicas never race on a counter) and every replica draws on one
 * budget; without it, in this process's memory.
 *
 * Redis is not on the money path, so it is not allowed to take the API down: when it does not
 * answer (down, unreachable, or slower than COMMAND_TIMEOUT_MS) this process counts in its own
 * memory instead (the limits then hold per replica, N replicas allowing up to N times them)
 * and goes back to Redis as soon as a command succeeds again. Each switch is logged once.
 */
export class RateLimitStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStorage.name);
  private readonly memory = new ThrottlerStorageService();
  private readonly redis?: Redis;
  private readonly shared?: ThrottlerStorageRedisService;
  private redisAnswers = true;

  constructor(redisUrl: string | undefined, keyPrefix: string) {
    if (!redisUrl) return;
    this.redis = new Redis(redisUrl, {
      keyPrefix,
      // Fail at once while disconnected rather than queue: the memory fallback answers instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    // Without a listener ioredis prints every failed reconnection; the switch below is logged once.
    this.redis.on('error', () => undefined);
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /** Waits (at most BOOT_WAIT_MS) for Redis; without it by then the app starts anyway, counting in memory. */
  async onModuleInit(): Promise<void> {
    if (!this.redis || this.redis.status === 'ready') return;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), BOOT_WAIT_MS);
    await once(this.redis, 'ready', { signal: timeout.signal }).catch(() => undefined);
    clearTimeout(timer);
  }

  /** Where the counters are kept now (for the logs and the tests). */
  get mode(): 'redis' | 'memory' | 'memory (redis not answering)' {
    if (!this.shared) return 'memory';
    return this.redisAnswers ? 'redis' : 'memory (redis not answering)';
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    if (this.shared) {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        if (!this.redisAnswers) {
          this.redisAnswers = true;
          this.logger.log('Redis answers again: the rate limits are shared by the replicas again');
        }
        return record;
      } catch (err) {
        if (this.redisAnswers) {
          this.redisAnswers = false;
          this.logger.warn(
            `Redis does not answer (${err instanceof Error ? err.message : String(err)}): this process counts the rate limits alone until it does`,
          );
        }
      }
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
    this.redis?.disconnect(false);
  }
}
