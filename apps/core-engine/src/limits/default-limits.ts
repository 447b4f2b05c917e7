// Types only: `npm run db:seed` (tsx) and the bench import this file, and nothing of the app comes with it.
import type { TransactionType } from '@app/prisma-client';

/** One level's limits in AZN, per operation and per rolling 24 hours (decimal strings; null: none). */
export type LevelLimits = Record<TransactionType, { perOperation: string | null; per24Hours: string | null }>;

function sameForAll(perOperation: string, per24Hours: string): LevelLimits {
  const one = { perOperation, per24Hours };
  return { BUY: one, SELL: one, DEPOSIT: one, WITHDRAWAL: one };
}

/**
 * The default limits of a bank, by KYC level (docs/limits.md has the table): what `npm run
 * db:seed` gives the demo bank and the admin surface gives every bank it creates. New
 * customers are at level 1. Level 0 (not verified) may try the product with small amounts;
 * level 3 is bounded per operation by the API's own maximum (MAX_OPERATION_AMOUNT_AZN) only.
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

/** A limits table as one bank's OperationLimit rows (what `operationLimit.createMany` takes). */
export function operationLimitRows(bankId: string, limits: Record<number, LevelLimits> = DEFAULT_OPERATION_LIMITS) {
  return Object.entries(limits).flatMap(([level, byOperation]) =>
    Object.entries(byOperation).map(([operation, limit]) => ({
      bankId,
      kycLevel: Number(level),
      operation: operation as TransactionType,
      perOperation: limit.perOperation,
      per24Hours: limit.per24Hours,
    })),
  );
}
