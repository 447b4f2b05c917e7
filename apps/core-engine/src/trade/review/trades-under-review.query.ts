import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionStatus, TransactionType } from '@app/prisma-client';

/** A trade reconciliation cannot settle alone, as the operator's list shows it. */
export interface TradeUnderReview {
  transactionId: string;
  bankCode: string;
  type: string;
  amountIn: string;
  currencyIn: string;
  amountOut: string;
  currencyOut: string;
  createdAt: Date;
  reviewSince: Date;
  reviewReason: string;
  reconcileAttempts: number;
}

/**
 * The trades marked for review (TradeReview) and still PENDING, oldest mark first: one read,
 * for `npm run admin -- trades:review`, the admin API and the operator's page.
 */
@Injectable()
export class TradesUnderReview {
  constructor(private readonly prisma: PrismaService) {}

  async list(limit = 500): Promise<TradeUnderReview[]> {
    const rows = await this.prisma.transaction.findMany({
      // Trades only: deposits and withdrawals under review have their own list (FundingUnderReviewQuery).
      where: { status: TransactionStatus.PENDING, reviewReason: { not: null }, type: { in: [TransactionType.BUY, TransactionType.SELL] } },
      include: { bank: { select: { code: true } } },
      orderBy: { reviewSince: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({
      transactionId: row.id,
      bankCode: row.bank.code,
      type: row.type,
      amountIn: row.amountIn.toFixed(2),
      currencyIn: row.currencyIn,
      amountOut: row.amountOut.toFixed(2),
      currencyOut: row.currencyOut,
      createdAt: row.createdAt,
      reviewSince: row.reviewSince ?? row.updatedAt,
      reviewReason: row.reviewReason ?? '',
      reconcileAttempts: row.reconcileAttempts,
    }));
  }
}
