import { AccountKind } from '@app/prisma-client';
import { Decimal } from '../money';
import { AccountRef } from '../wallet';

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
    sums.set(p.account.currency, (sums.get(p.account.currency) ?? new Decimal(0)).plus(p.amount));
  }
  for (const [currency, sum] of sums) {
    if (!sum.isZero()) throw new Error(`unbalanced transfer: ${currency} rows sum to ${sum.toFixed()}`);
  }
}

/**
 * The order in which a transaction locks accounts: user accounts first, then system
 * accounts; within each, by currency, then id. One fixed order for every kind of
 * transaction means two transactions can never wait on each other in a cycle (no
 * deadlock), and the hot system rows are locked last, so held for the shortest time.
 */
export function lockOrder(a: Posting, b: Posting): number {
  const rank = (p: Posting) => (p.account.kind === AccountKind.USER ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    a.account.currency.localeCompare(b.account.currency) ||
    a.account.id.localeCompare(b.account.id)
  );
}
