import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/prisma-client';
import { Decimal } from '../money';
import { assertBalanced, Posting, postingArgs } from './posting';

type Tx = Prisma.TransactionClient;

export interface PostedRow {
  accountId: string;
  currency: string;
  amount: Decimal;
  balanceAfter: Decimal;
}

/**
 * Writes a transaction's double-entry rows. Rows are only ever inserted (the database
 * rejects UPDATE and DELETE on Ledger); each row carries the account's balance after it.
 * The balances and the rows change in one call of the database function `post_ledger`
 * (prisma/migrations/*_one_statement_trade_phases): the lock order, the checks and the
 * row order live there, once, for every kind of transaction; a trade's phase 3 reaches
 * the same function through `settle_trade`. Here, inside the caller's database
 * transaction, so it commits with the caller's other writes or not at all.
 */
@Injectable()
export class LedgerService {
  async post(tx: Tx, transactionId: string, postings: Posting[]): Promise<PostedRow[]> {
    assertBalanced(postings);
    const { accounts, amounts, releases } = postingArgs(postings);
    const [{ after }] = await tx.$queryRaw<{ after: string[] }[]>`
      SELECT post_ledger(${transactionId}::uuid, ${accounts}::uuid[], ${amounts}::numeric[], ${releases}::numeric[])::text[] AS after`;
    return postedRows(postings, after);
  }
}

/** The rows as posted, given the balances after each (in the postings' order). */
export function postedRows(postings: Posting[], balancesAfter: string[]): PostedRow[] {
  return postings.map((p, i) => ({
    accountId: p.account.id,
    currency: p.account.currency,
    amount: p.amount,
    balanceAfter: new Decimal(balancesAfter[i]),
  }));
}
