import { AccountKind, Currency, PrismaClient, TransactionType } from '../../generated/prisma/client';
import { apiKeyPrefix, hashApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { omnibusKey } from '../../apps/core-engine/src/wallet/system-accounts';

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

/** One level's limits in AZN, per operation and per rolling 24 hours (decimal strings; null: none). */
export type LevelLimits = Record<TransactionType, { perOperation: string | null; per24Hours: string | null }>;

function sameForAll(perOperation: string, per24Hours: string): LevelLimits {
  const one = { perOperation, per24Hours };
  return { BUY: one, SELL: one, DEPOSIT: one, WITHDRAWAL: one };
}

/**
 * The default limits of a bank, by KYC level (docs/limits.md has the table). New customers
 * are at level 1. Level 0 (not verified) may try the product with small amounts; level 3 is
 * bounded per operation by the API's own maximum (MAX_OPERATION_AMOUNT_AZN) only.
 */
export const DEFAULT_OPERATION_LIMITS: Record<number, LevelLimits> = {
  0: sameForAll('500.00', '1000.00'),
  1: sameForAll('5000.00', '10000.00'),
  2: {
    BUY: { perOperation: '20000.00', per24Hours: '50000.00' },
    SELL: { perOperation: '20000.00', per24Hours: '50000.00' },
    DEPOSIT: { perOperation: '50000.00', per24Hours: '100000.00' },
    WITHDRAWAL: { perOperation: '50000.00', per24Hours: '100000.00' },
  },
  3: sameForAll('100000.00', '1000000.00'),
};

/** A bank's limits; rows it already has are kept (a bank's own changes survive a re-seed). */
export async function ensureLimits(
  prisma: PrismaClient,
  bankId: string,
  limits: Record<number, LevelLimits> = DEFAULT_OPERATION_LIMITS,
): Promise<void> {
  const data = Object.entries(limits).flatMap(([level, byOperation]) =>
    Object.entries(byOperation).map(([operation, limit]) => ({
      bankId,
      kycLevel: Number(level),
      operation: operation as TransactionType,
      perOperation: limit.perOperation,
      per24Hours: limit.per24Hours,
    })),
  );
  await prisma.operationLimit.createMany({ data, skipDuplicates: true });
}
