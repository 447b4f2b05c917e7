import Redis from 'ioredis';
import { freePort } from '../../../../test/support/core-process';
import { testRedisUrl, uniqueRedisPrefix } from '../../../../test/support/test-redis';
import { RateLimitStorage } from './rate-limit-storage';

// A window far longer than the test, so no count starts over mid-test however loaded the machine.
const TTL = 60_000;
const LIMIT = 5;

async function allowedOf(storages: RateLimitStorage[], key: string, requests: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < requests; i++) {
    const { isBlocked } = await storages[i % storages.length].increment(key, TTL, LIMIT, TTL, 'per-bank');
    if (!isBlocked) allowed++;
  }
  return allowed;
}

describe('RateLimitStorage', () => {
  const made: RateLimitStorage[] = [];
  const make = (url: string | undefined, prefix: string) => {
    const storage = new RateLimitStorage(url, prefix);
    made.push(storage);
    return storage;
  };
  afterAll(() => made.forEach((s) => s.onApplicationShutdown()));

  it('with Redis, three replicas draw on one budget: the limit holds once, not three times', async () => {
    const prefix = uniqueRedisPrefix('rate-limit-storage');
    const replicas = [0, 1, 2].map(() => make(testRedisUrl(), prefix));
    await Promise.all(replicas.map((r) => r.onModuleInit())); // connected, as at boot
    expect(await allowedOf(replicas, 'bank:a', 3 * LIMIT)).toBe(LIMIT);
    expect(replicas.map((r) => r.mode)).toEqual(['redis', 'redis', 'redis']);
    // Another key has a budget of its own, and the counters sit under the prefix.
    expect(await allowedOf(replicas, 'bank:b', LIMIT)).toBe(LIMIT);
    const redis = new Redis(testRedisUrl());
    try {
      expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThanOrEqual(2);
    } finally {
      redis.disconnect();
    }
  });

  it('without REDIS_URL, each process counts alone in memory (what REDIS_URL is for)', async () => {
    const replicas = [0, 1, 2].map(() => make(undefined, 'unused:'));
    expect(replicas[0].mode).toBe('memory');
    expect(await allowedOf(replicas, 'bank:a', 3 * LIMIT)).toBe(3 * LIMIT);
  });

  it('when Redis does not answer, counts in memory instead of failing the request', async () => {
    const storage = make(`redis://127.0.0.1:${await freePort()}`, uniqueRedisPrefix('down'));
    expect(await allowedOf([storage], 'bank:a', 2 * LIMIT)).toBe(LIMIT);
    expect(storage.mode).toBe('memory (redis not answering)');
  });
});
