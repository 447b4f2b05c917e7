import { DatabaseError } from 'pg';
import { Prisma } from '@app/prisma-client';

/**
 * The SQLSTATEs our database functions raise on purpose (prisma/migrations/
 * *_one_statement_trade_phases/migration.sql), and the standard one we rely on.
 */
export const SqlState = {
  insufficientFunds: 'CX001',
  quoteUsed: 'CX002',
  quoteExpired: 'CX003',
  notPending: 'CX004',
  uniqueViolation: '23505',
} as const;

export interface SqlFailure {
  code: string;
  /** The constraint a violation names (plain pg only), or the message (to search it). */
  constraint?: string;
  message: string;
}

/**
 * The PostgreSQL error under an error, whichever way the statement went: plain pg (the
 * hot path) or a Prisma raw query (P2010 wraps the driver adapter's error). Null when the
 * error did not come from PostgreSQL.
 */
export function sqlFailure(err: unknown): SqlFailure | null {
  if (err instanceof DatabaseError && err.code) {
    return { code: err.code, constraint: err.constraint, message: err.message };
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2010') {
    const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } | undefined)
      ?.driverAdapterError?.cause;
    if (cause?.originalCode) return { code: cause.originalCode, message: cause.originalMessage ?? err.message };
  }
  return null;
}
