import { AccountKind } from '@app/prisma-client';
import { Decimal } from '../money';
import { AccountRef, accountLockOrder } from '../wallet';

/** One leg of a transfer: a credit (amount > 0) or a debit (amount < 0) of one account. */
export interface Posting {
  account: AccountRef;
  amount: Decimal;
  /** For a user account whose hold this posting consumes: how much locked balance to release. */
  releaseHold?: Decimal;
}

/**
 * Every transaction must balance: per currency, its rows sum to zero. Checked before a
 * single row is written; failing means a bug in the caller, never a client error.
 */
export function assertBalanced(postings: Posting[]): void {
  const sums = new Map<string, Decimal>();
  for (const p of postings) {
    if (p.amount.isZero()) throw new Error(`zero posting on account ${p.account.id}`);
    if (p.releaseHold && p.account.kind !== AccountKind.USER) throw new Error(`a hold released on system account ${p.account.id}`);
    sums.set(p.account.currency, (sums.get(p.account.currency) ?? new Decimal(0)).plus(p.amount));
  }
  for (const [currency, sum] of sums) {
    if (!sum.isZero()) throw new Error(`unbalanced transfer: ${currency} rows sum to ${sum.toFixed()}`);
  }
}

/** The postings in the lock order (wallet/lock-order.ts): customer accounts first, the hot system rows last. */
export function inLockOrder(postings: Posting[]): Posting[] {
  return [...postings].sort((a, b) => accountLockOrder(a.account, b.account));
}

/**
 * The postings with the holds they consume: each hold (by account, as WalletService.postHolds
 * returns them) is released by the first leg on its account. A hold on an account the
 * transfer does not touch would stay locked for ever: refused (a bug in the caller).
 */
export function releasingHolds(postings: Posting[], holds: Map<string, Decimal>): Posting[] {
  const legs = postings.map((p) => ({ ...p }));
  for (const [accountId, amount] of holds) {
    const leg = legs.find((p) => p.account.id === accountId);
    if (!leg) throw new Error(`a hold on account ${accountId} has no leg in the transfer`);
    leg.releaseHold = amount;
  }
  return legs;
}
