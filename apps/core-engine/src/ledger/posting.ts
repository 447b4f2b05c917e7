import { DB_SCALE, Decimal } from '../money';
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
 * single row is written (and again by the database function); failing means a bug in the
 * caller, never a client error.
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
 * The postings as the arguments of the database's `post_ledger` / `settle_trade`: parallel
 * arrays in the caller's order (the row order), amounts as exact decimal strings at the
 * database's scale. The function itself takes the row locks in the fixed lock order.
 */
export function postingArgs(postings: Posting[]): { accounts: string[]; amounts: string[]; releases: string[] } {
  return {
    accounts: postings.map((p) => p.account.id),
    amounts: postings.map((p) => p.amount.toFixed(DB_SCALE)),
    releases: postings.map((p) => (p.releaseHold ?? new Decimal(0)).toFixed(DB_SCALE)),
  };
}
