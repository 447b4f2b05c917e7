import { AccountKind, Currency, PrismaClient } from '../../generated/prisma/client';
import { apiKeyPrefix, hashApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { DEFAULT_OPERATION_LIMITS, LevelLimits, operationLimitRows } from '../../apps/core-engine/src/limits/default-limits';
import { omnibusKey } from '../../apps/core-engine/src/wallet/system-accounts';

// The default table lives with the Core Engine, which gives it to every bank the admin surface creates.
export { DEFAULT_OPERATION_LIMITS, type LevelLimits };

/** The house's omnibus accounts: `subAccounts` rows per currency (their sum is the omnibus). */
export async function ensureOmnibus(prisma: PrismaClient, subAccounts = 1): Promise<void> {
  const data = [Currency.AZN, Currency.USDT].flatMap((currency) =>
    Array.from({ length: subAccounts }, (_, sub) => ({
      kind: AccountKind.OMNIBUS,
      currency,
      subAccount: sub,
      systemKey: omnibusKey(currency, sub),
    })),
  );
  await prisma.account.createMany({ data, skipDuplicates: true });
}

export interface BankSeed {
  code: string;
  name: string;
  apiKey: string;
  spreadBps?: number;
  slippageToleranceBps?: number;
  /** Base URL of the bank's API (acknowledgements). */
  callbackUrl?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
}

/** A bank partner with one API key (stored as its SHA-256 hash only). Idempotent. */
export async function ensureBank(prisma: PrismaClient, seed: BankSeed): Promise<string> {
  const bank = await prisma.bank.upsert({
    where: { code: seed.code },
    create: {
      code: seed.code,
      name: seed.name,
      spreadBps: seed.spreadBps ?? 150,
      slippageToleranceBps: seed.slippageToleranceBps ?? 50,
      callbackUrl: seed.callbackUrl ?? null,
      webhookUrl: seed.webhookUrl ?? null,
      webhookSecret: seed.webhookSecret ?? null,
    },
    // Re-seeding points an existing bank at the current endpoints (they move between runs).
    update: {
      callbackUrl: seed.callbackUrl ?? null,
      webhookUrl: seed.webhookUrl ?? null,
      webhookSecret: seed.webhookSecret ?? null,
    },
  });
  const keyHash = hashApiKey(seed.apiKey);
  await prisma.apiKey.upsert({
    where: { keyHash },
    create: { bankId: bank.id, keyHash, prefix: apiKeyPrefix(seed.apiKey), label: 'seed' },
    update: {},
  });
  return bank.id;
}

/** A bank's limits; rows it already has are kept (a bank's own changes survive a re-seed). */
export async function ensureLimits(
  prisma: PrismaClient,
  bankId: string,
  limits: Record<number, LevelLimits> = DEFAULT_OPERATION_LIMITS,
): Promise<void> {
  await prisma.operationLimit.createMany({ data: operationLimitRows(bankId, limits), skipDuplicates: true });
}
