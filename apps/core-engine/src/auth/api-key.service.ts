import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../config';
import { previousSecretInForce } from '../bank-gateway/webhook-secrets';
import { apiKeyPrefix, hashApiKey, sameHash } from './api-key-hash';
import { BankContext } from './bank-context';

/**
 * Finds the bank behind an API key. Keys are stored only as SHA-256 hashes; the rows
 * sharing the key's prefix are fetched and their hashes compared in constant time.
 * Known keys are cached for API_KEY_CACHE_MS so the hot trade path does not pay a query per
 * request: a revoked key stops working, and a suspension or a rotated webhook secret takes
 * effect, within that time (the admin surface and its CLI may run in other processes, so
 * the cache's age is the bound, not an invalidation message). The key's lastUsedAt is
 * written at most once a minute per key and process (LAST_USED_PRECISION_MS): a write per
 * request would queue every request of a bank on the same row. Unknown keys are never cached:
 * anyone can make up as many as they like, and they must neither fill the cache nor push
 * real keys out of it (their lookups are bounded by the per-address rate limit instead).
 */
/** When the cache of known keys reaches this size, its expired entries are swept. */
const MAX_CACHED_KEYS = 10_000;
/** How stale ApiKey.lastUsedAt may be. */
export const LAST_USED_PRECISION_MS = 60_000;

@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly cache = new Map<string, { bank: BankContext; until: number }>();
  /** When this process last wrote each key's lastUsedAt (known keys only, as the cache). */
  private readonly lastUseWritten = new Map<string, number>();

  private readonly cacheMs: number;

  constructor(
    private readonly prisma: PrismaService,
    config: CoreConfig,
  ) {
    this.cacheMs = config.API_KEY_CACHE_MS;
  }

  async authenticate(key: string): Promise<BankContext | null> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.bank;

    const candidates = await this.prisma.apiKey.findMany({
      where: { prefix: apiKeyPrefix(key), revokedAt: null },
      include: { bank: true },
    });
    const match = candidates.find((c) => sameHash(c.keyHash, hash));
    const bank: BankContext | null = match
      ? {
          id: match.bank.id,
          code: match.bank.code,
          spreadBps: match.bank.spreadBps,
          slippageToleranceBps: match.bank.slippageToleranceBps,
          apiKeyId: match.id,
          callbackUrl: match.bank.callbackUrl,
          webhookUrl: match.bank.webhookUrl,
          webhookSecret: match.bank.webhookSecret,
          previousWebhookSecret: previousSecretInForce(match.bank, new Date(now)),
          suspended: match.bank.suspendedAt !== null,
        }
      : null;
    if (match) this.noteUse(match.id, now);
    if (bank && this.cacheMs > 0) {
      // Only keys that exist get here, so the cache is as large as the list of active keys;
      // expired entries are dropped as the map grows, never live ones.
      if (this.cache.size >= MAX_CACHED_KEYS) this.dropExpired(now);
      this.cache.set(hash, { bank, until: now + this.cacheMs });
    }
    return bank;
  }

  /** Not awaited: a failed bookkeeping write must neither slow nor fail the request. */
  private noteUse(keyId: string, now: number): void {
    const written = this.lastUseWritten.get(keyId);
    if (written !== undefined && now - written < LAST_USED_PRECISION_MS) return;
    this.lastUseWritten.set(keyId, now);
    this.prisma.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } }).catch((err: unknown) => {
      this.logger.warn(`lastUsedAt of key ${keyId} not written: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private dropExpired(now: number): void {
    for (const [hash, entry] of this.cache) if (entry.until <= now) this.cache.delete(hash);
  }
}
