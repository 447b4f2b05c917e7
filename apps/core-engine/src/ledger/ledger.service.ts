import { Injectable } from '@nestjs/common';
import { AccountKind, Currency, Prisma } from '@app/prisma-client';
import { Decimal, toDbDecimal } from '../money';
import { KnownAccounts, WalletService } from '../wallet';
import { assertBalanced, inLockOrder, Posting } from './posting';

type Tx = Prisma.TransactionClient;

export interface PostedRow {
  accountId: string;
  currency: Currency;
  amount: Decimal;
  balanceAfter: Decimal;
}

/**
 * Writes a transaction's double-entry rows, inside the caller's Prisma interactive
 * transaction, so they commit with the caller's other writes (the Transaction's status, the
 * holds, the bank's event) or not at all. Rows are only ever inserted (a database trigger
 * rejects UPDATE and DELETE on Ledger); each carries its account's balance after it.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly wallet: WalletService) {}

  /**
   * 1. The transfer must balance per currency (assertBalanced) and fit the columns' scale.
   * 2. The balances move through WalletService in the lock order: customer accounts first
   *    (one read with their versions, the rules checked, version-checked updates), then the
   *    system accounts (atomic increments, locked last). `known` (optional): the customer
   *    accounts as an earlier transaction left them (WalletService.moveUserAccounts).
   * 3. The rows, in the caller's order, in one INSERT: after the balances, while every
   *    account is locked by this transaction, so within an account a later row always has
   *    a larger id and its balanceAfter follows from the row before.
   */
  async post(tx: Tx, transactionId: string, postings: Posting[], known?: KnownAccounts): Promise<PostedRow[]> {
    assertBalanced(postings);
    const balanceAfter = new Map<Posting, Decimal>();
    const ordered = inLockOrder(postings);
    const userLegs = ordered.filter((p) => p.account.kind === AccountKind.USER);
    if (userLegs.length) {
      const after = await this.wallet.moveUserAccounts(
        tx,
        userLegs.map((p) => ({ account: p.account, delta: p.amount, release: p.releaseHold ?? new Decimal(0) })),
        known,
      );
      userLegs.forEach((p, i) => balanceAfter.set(p, after[i]));
    }
    for (const p of ordered.filter((leg) => leg.account.kind !== AccountKind.USER)) {
      balanceAfter.set(p, await this.wallet.moveSystemAccount(tx, p.account, p.amount));
    }

    const rows = postings.map((p) => ({
      accountId: p.account.id,
      currency: p.account.currency,
      amount: p.amount,
      balanceAfter: balanceAfter.get(p) as Decimal,
    }));
    await tx.ledger.createMany({
      data: rows.map((r) => ({
        transactionId,
        accountId: r.accountId,
        currency: r.currency,
        amount: toDbDecimal(r.amount),
        balanceAfter: toDbDecimal(r.balanceAfter),
      })),
    });
    return rows;
  }
}
