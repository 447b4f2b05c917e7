import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../config';
import { apiKeyPrefix, hashApiKey, sameHash } from './api-key-hash';
import { BankContext } from './bank-context';

/**
 * Finds the bank behind an API key. Keys are stored only as SHA-256 hashes; the rows
 * sharing the key's prefix are fetched and their hashes compared in constant time.
 * Answers are cached for API_KEY_CACHE_MS (a revoked key stops working within that time)
 * so the hot trade path does not pay a query per request.
 */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { bank: BankContext | null; until: number }>();

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
        }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    if (this.cacheMs > 0) this.cache.set(hash, { bank, until: now + this.cacheMs });
    return bank;
  }
}
