import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './core-process';

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** Read by test/global-teardown.ts, which runs in the same process as the setup. */
export const PRIVATE_REDIS_KEY = '__cryptoCorePrivateRedis';

/** True when a Redis server answers PING at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect(false);
  }
}

function redisServerOnPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A redis-server of the run's own: loopback only, on a free port, nothing written to disk. */
export class PrivateRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(binary: string): Promise<PrivateRedis> {
    const port = await freePort();
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redis = new PrivateRedis(child, `redis://127.0.0.1:${port}`);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await redisAnswers(redis.url)) return redis;
      await new Promise((r) => setTimeout(r, 100));
    }
    await redis.stop();
    throw new Error(`${binary} did not answer on port ${port}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Picks the run's Redis, as test/global-setup.ts picks its PostgreSQL: TEST_REDIS_URL when
 * given, else the machine's on 127.0.0.1:6379 when it answers, else a private redis-server
 * when one is on PATH. Without any, TEST_REDIS_URL stays unset and TEST_REDIS_MISSING says
 * why: only the suites that need Redis fail (testRedisUrl()), with that message.
 */
export async function chooseTestRedis(): Promise<PrivateRedis | undefined> {
  if (process.env.TEST_REDIS_URL) return undefined;
  if (await redisAnswers(LOCAL_REDIS_URL)) {
    process.env.TEST_REDIS_URL = LOCAL_REDIS_URL;
    return undefined;
  }
  const binary = redisServerOnPath();
  if (!binary) {
    process.env.TEST_REDIS_MISSING =
      'these tests need Redis: none answers on 127.0.0.1:6379, TEST_REDIS_URL is not set, and no redis-server is on PATH ' +
      '(install Redis, e.g. `apt-get install redis-server`, or point TEST_REDIS_URL at one)';
    return undefined;
  }
  const redis = await PrivateRedis.start(binary);
  process.stderr.write(`\ntests: no Redis on 127.0.0.1:6379: started a private ${binary} at ${redis.url}\n`);
  process.env.TEST_REDIS_URL = redis.url;
  return redis;
}

/** The run's Redis (see chooseTestRedis); throws with the reason when the machine has none. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error(process.env.TEST_REDIS_MISSING ?? 'TEST_REDIS_URL is not set: run the tests through jest (test/global-setup.ts picks a Redis)');
  return url;
}

/** A key prefix no other test run (on a shared Redis) uses. */
export function uniqueRedisPrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now()}:`;
}
