import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionView } from '@app/shared-types';
import { UUID_PATTERN } from '@app/shared-types';
import { TransactionNotFoundError } from '../errors';

/** Reads one of a bank's transactions with its ledger rows. */
@Injectable()
export class TransactionsService {
  constructor(private readonly prisma: PrismaService) {}

  async findForBank(bankId: string, id: string): Promise<TransactionView> {
    if (!UUID_PATTERN.test(id)) throw new TransactionNotFoundError();
    const tx = await this.prisma.transaction.findFirst({
      where: { id, bankId },
      include: {
        user: { select: { bankCustomerId: true } },
        ledger: { orderBy: { id: 'asc' }, include: { account: { select: { kind: true } } } },
      },
    });
    if (!tx) throw new TransactionNotFoundError();
    return {
      transactionId: tx.id,
      type: tx.type,
      status: tx.status,
      bankUserId: tx.user.bankCustomerId,
      amountIn: tx.amountIn.toFixed(2),
      currencyIn: tx.currencyIn,
      amountOut: tx.amountOut.toFixed(2),
      currencyOut: tx.currencyOut,
      feeAmount: tx.feeAmount.toFixed(8),
      exchangeRate: tx.exchangeRate ? tx.exchangeRate.toFixed(4) : null,
      errorCode: tx.errorCode,
      createdAt: tx.createdAt.toISOString(),
      completedAt: tx.completedAt ? tx.completedAt.toISOString() : null,
      ledger: tx.ledger.map((r) => ({
        id: r.id.toString(),
        accountId: r.accountId,
        accountKind: r.account.kind,
        currency: r.currency,
        amount: r.amount.toFixed(8),
        balanceAfter: r.balanceAfter.toFixed(8),
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}
