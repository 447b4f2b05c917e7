import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { apiKeyPrefix, hashApiKey, sameHash } from './api-key-hash';
import { BankContext } from './bank-context';

const CACHE_TTL_MS = 5_000;

/**
 * Finds the bank behind an API key. Keys are stored only as SHA-256 hashes; the rows
 * sharing the key's prefix are fetched and their hashes compared in constant time.
 * Answers are cached for a few seconds (a revoked key stops working within CACHE_TTL_MS)
 * so the hot trade path does not pay a query per request.
 */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { bank: BankContext | null; until: number }>();

  constructor(private readonly prisma: PrismaService) {}

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
    this.cache.set(hash, { bank, until: now + CACHE_TTL_MS });
    return bank;
  }
}
