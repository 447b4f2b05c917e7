import { Logger } from '@nestjs/common';
import { Prisma } from '@app/prisma-client';
import { ConcurrentUpdateError } from '../errors';

/**
 * A customer account changed between the read of its `version` and the update that
 * compared it (WalletService): another request's write committed first. Thrown inside a
 * Prisma interactive transaction, it rolls the whole transaction back; `withOptimisticRetry`
 * runs it again on fresh reads.
 */
export class OptimisticLockError extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} changed concurrently (version moved)`);
    this.name = OptimisticLockError.name;
  }
}

/**
 * Attempts of one database transaction before the request gives up with CONCURRENT_UPDATE.
 * Generous: a lost race only means another change of the same customer's account landed
 * first, and after an exchange fill giving up leaves the trade PENDING for reconciliation.
 * 26 concurrent buys, sells and withdrawals of one customer all get through
 * (quotes-sell-withdraw.e2e-spec.ts); about 1.5 s of pauses in all before the last attempt.
 */
export const OPTIMISTIC_ATTEMPTS = 30;
/** The longest pause between two attempts, in ms (the pause is random below a ceiling that doubles). */
const BACKOFF_CAP_MS = 100;

const logger = new Logger('OptimisticRetry');

/**
 * Lost races that a fresh attempt can win: our own version check (OptimisticLockError), and
 * PostgreSQL's deadlock (40P01) and serialization failure (40001), which Prisma's pg adapter
 * reports as P2034 ("write conflict or deadlock"). In each case PostgreSQL has rolled the
 * transaction back, or Prisma does when the callback throws: nothing of the attempt stays.
 */
export function isLostRace(err: unknown): boolean {
  if (err instanceof OptimisticLockError) return true;
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2034';
}

/**
 * Runs `attempt` (one whole `prisma.$transaction(async (tx) => ...)`) again when it lost a
 * race, after a random pause under a ceiling that doubles with each attempt (2, 4, 8 ... up
 * to 100 ms), so that writers of one account spread out instead of colliding in lockstep.
 * `attempt` gets its number (1 first), so that a first attempt may start from what an earlier
 * transaction knew and the next ones read afresh.
 * After OPTIMISTIC_ATTEMPTS lost races: ConcurrentUpdateError (409 CONCURRENT_UPDATE), with
 * nothing written. Any other error is thrown at once.
 */
export async function withOptimisticRetry<T>(what: string, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isLostRace(err)) throw err;
      if (n >= OPTIMISTIC_ATTEMPTS) {
        logger.warn(`${what}: lost ${n} races in a row, giving up: ${(err as Error).message}`);
        throw new ConcurrentUpdateError(n);
      }
      logger.debug(`${what}: attempt ${n} lost a race (${(err as Error).message}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, 2 ** n)));
    }
  }
}
