import { CoreConfig } from '../config';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-hash';
import { ApiKeyService } from './api-key.service';

/** A database holding one active key: counts the lookups the service makes. */
function fakeDatabase(knownKey: string) {
  const lookups: string[] = [];
  const updates: number[] = [];
  const prisma = {
    apiKey: {
      update: async () => {
        updates.push(1);
        return {};
      },
      findMany: async ({ where }: { where: { prefix: string } }) => {
        lookups.push(where.prefix);
        if (where.prefix !== apiKeyPrefix(knownKey)) return [];
        return [
          {
            id: 'key-1',
            keyHash: hashApiKey(knownKey),
            bank: {
              id: 'bank-1',
              code: 'b',
              spreadBps: 150,
              slippageToleranceBps: 50,
              callbackUrl: null,
              webhookUrl: null,
              webhookSecret: null,
              webhookSecretPrevious: null,
              webhookSecretPreviousUntil: null,
              suspendedAt: null,
            },
          },
        ];
      },
    },
  };
  return { prisma, lookups, updates };
}

describe('ApiKeyService cache', () => {
  const known = generateApiKey();

  it('caches a known key: one lookup for many requests', async () => {
    const { prisma, lookups } = fakeDatabase(known);
    const service = new ApiKeyService(prisma as never, { API_KEY_CACHE_MS: 60_000 } as CoreConfig);
    for (let i = 0; i < 5; i++) expect((await service.authenticate(known))?.id).toBe('bank-1');
    expect(lookups).toHaveLength(1);
  });

  it('never caches an unknown key as a hit: each is looked up, and none is taken for a bank', async () => {
    const { prisma, lookups } = fakeDatabase(known);
    const service = new ApiKeyService(prisma as never, { API_KEY_CACHE_MS: 60_000 } as CoreConfig);
    const unknown = generateApiKey();
    expect(await service.authenticate(unknown)).toBeNull();
    expect(await service.authenticate(unknown)).toBeNull();
    expect(lookups).toHaveLength(2);
  });

  it('a flood of made-up keys does not push a known key out of the cache', async () => {
    const { prisma, lookups } = fakeDatabase(known);
    const service = new ApiKeyService(prisma as never, { API_KEY_CACHE_MS: 60_000 } as CoreConfig);
    await service.authenticate(known);
    for (let i = 0; i < 10_050; i++) await service.authenticate(`ck_live_${String(i).padStart(8, '0')}_made_up_key_${i}`);
    const before = lookups.length;
    expect((await service.authenticate(known))?.id).toBe('bank-1');
    expect(lookups.length).toBe(before); // served from the cache
  });

  it('writes lastUsedAt once a minute per key, not once per request (even uncached)', async () => {
    const { prisma, lookups, updates } = fakeDatabase(known);
    const service = new ApiKeyService(prisma as never, { API_KEY_CACHE_MS: 0 } as CoreConfig);
    for (let i = 0; i < 5; i++) await service.authenticate(known);
    expect(lookups).toHaveLength(5);
    expect(updates).toHaveLength(1);
  });
});
