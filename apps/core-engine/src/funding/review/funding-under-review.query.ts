import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionStatus, TransactionType } from '@app/prisma-client';

/** A deposit or withdrawal reconciliation cannot settle alone, as the operator's list shows it. */
export interface FundingUnderReview {
  transactionId: string;
  bankCode: string;
  type: string;
  bankUserId: string;
  amount: string;
  currency: string;
  createdAt: Date;
  reviewSince: Date;
  reviewReason: string;
  reconcileAttempts: number;
}

/**
 * The deposits and withdrawals marked for review (FundingReview) and still PENDING, oldest mark
 * first: for `npm run admin -- funding:review` and GET /admin/v1/funding/review.
 */
@Injectable()
export class FundingUnderReviewQuery {
  constructor(private readonly prisma: PrismaService) {}

  async list(limit = 500): Promise<FundingUnderReview[]> {
    const rows = await this.prisma.transaction.findMany({
      where: { status: TransactionStatus.PENDING, reviewReason: { not: null }, type: { in: [TransactionType.DEPOSIT, TransactionType.WITHDRAWAL] } },
      include: { bank: { select: { code: true } }, user: { select: { bankCustomerId: true } } },
      orderBy: { reviewSince: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({
      transactionId: row.id,
      bankCode: row.bank.code,
      type: row.type,
      bankUserId: row.user.bankCustomerId,
      amount: row.amountIn.toFixed(2),
      currency: row.currencyIn,
      createdAt: row.createdAt,
      reviewSince: row.reviewSince ?? row.updatedAt,
      reviewReason: row.reviewReason ?? '',
      reconcileAttempts: row.reconcileAttempts,
    }));
  }
}
