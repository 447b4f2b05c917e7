import { AccountKind } from '@app/prisma-client';
import { AccountRef } from './account-ref';

/**
 * THE lock order of the Core Engine, the same in every database transaction that moves
 * money (a trade's open, settle and fail; a deposit's or withdrawal's open, completion and
 * refusal; reconciliation, which runs those same paths):
 *
 *   1. the Transaction row (claimed or changed first: `WHERE status = 'PENDING'` decides
 *      whether this attempt may go on at all);
 *   1b. the customer's User row (phase 1 only, when the bank has limits for the operation:
 *      LimitsService.claim updates it, so one customer's operations pass the 24-hour limit
 *      check one at a time; a KYC level change locks it alone);
 *   2. its Quote (a trade on a quote, phase 1 only);
 *   3. its Hold rows;
 *   4. customer (USER) accounts, by currency, then id;
 *   5. system accounts (omnibus, bank settlement), by currency, then id;
 *   6. new rows only (Ledger, OutboxEvent), which nobody else can be waiting for.
 *
 * Two transactions that take row locks in one global order can never wait on each other in
 * a cycle, so no deadlock between any two paths; and the hot omnibus rows, shared by every
 * trade, are locked last, for the fewest round trips before the commit. (Deadlocks that
 * happen anyway, e.g. against an operator's manual SQL, are retried: optimistic-retry.ts.)
 */
export function accountLockOrder(a: AccountRef, b: AccountRef): number {
  const rank = (r: AccountRef) => (r.kind === AccountKind.USER ? 0 : 1);
  return rank(a) - rank(b) || a.currency.localeCompare(b.currency) || a.id.localeCompare(b.id);
}
