import { OptimisticLockError } from './wallet.service';

// Generous: a conflict only means another change of the same user's account landed first
// (a hold, another trade); after an exchange fill, giving up would leave a trade PENDING.
const ATTEMPTS = 30;

/**
 * Runs `work` (a whole database transaction) again when a user account it changes moved
 * under it (the optimistic version check failed), after a short random pause that grows
 * with each attempt, so racing writers of one account spread out instead of colliding
 * again in lockstep. Any other error, or the last conflict, is thrown.
 */
export async function withOptimisticRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof OptimisticLockError) || attempt >= ATTEMPTS) throw err;
      const ceiling = Math.min(100, 2 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.random() * ceiling));
    }
  }
}
