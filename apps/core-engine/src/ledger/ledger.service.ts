import { Injectable } from '@nestjs/common';
import { AccountKind, Prisma } from '@app/prisma-client';
import { DB_SCALE, Decimal } from '../money';
import { WalletService } from '../wallet';
import { assertBalanced, lockOrder, Posting } from './posting';

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
 * The balance changes and the rows are written in the caller's database transaction, so
 * they commit together or not at all.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly wallet: WalletService) {}

  async post(tx: Tx, transactionId: string, postings: Posting[]): Promise<PostedRow[]> {
    assertBalanced(postings);
    const balanceAfter = new Map<Posting, Decimal>();
    // Balances first, taking each row lock in the fixed order; rows last, in the caller's
    // order: a row is inserted only while its account is locked, so within an account a
    // later row always has a larger id.
    for (const p of [...postings].sort(lockOrder)) {
      balanceAfter.set(
        p,
        p.account.kind === AccountKind.USER
          ? await this.wallet.changeUserAccount(tx, p.account.id, p.amount, p.releaseHold ?? new Decimal(0))
          : await this.wallet.changeSystemAccount(tx, p.account.id, p.amount),
      );
    }
    const rows: PostedRow[] = postings.map((p) => ({
      accountId: p.account.id,
      currency: p.account.currency,
      amount: p.amount,
      balanceAfter: balanceAfter.get(p) as Decimal,
    }));
    await tx.ledger.createMany({
      data: postings.map((p, i) => ({
        transactionId,
        accountId: p.account.id,
        currency: p.account.currency,
        amount: p.amount.toFixed(DB_SCALE),
        balanceAfter: rows[i].balanceAfter.toFixed(DB_SCALE),
      })),
    });
    return rows;
  }
}
