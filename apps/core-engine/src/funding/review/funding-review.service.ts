import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionStatus, TransactionType } from '@app/prisma-client';
import { Clock } from '../../clock';
import { MetricsService, ReviewCause } from '../../metrics';

/**
 * Stuck deposits and withdrawals (issue 22, 2.3), as TradeReview does for trades: a movement
 * reconciliation cannot settle is marked for review (reviewReason, reviewSince) and stays
 * PENDING with its hold; the scan skips it and an operator resolves it with the bank
 * (ResolveFundingUseCase). Two ways in (docs/reliability.md, "Stuck deposits and withdrawals"):
 *  - the bank's endpoint answered something we cannot act on (an HTTP error on a retry, an
 *    unreadable body, or the bank acknowledged and the booking failed) RECONCILE_MAX_ATTEMPTS
 *    times: each such pass is one attempt;
 *  - no answer came at all (timeout, connection failure, no endpoint configured) and the
 *    movement is older than RECONCILE_UNREACHABLE_REVIEW_AFTER_MS: a bank's outage counts
 *    against no movement until then (an outage of minutes must not park every movement).
 */
@Injectable()
export class FundingReview {
  private readonly logger = new Logger(FundingReview.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** Marks a PENDING deposit or withdrawal for review (once: one already marked keeps its first reason). */
  async mark(transactionId: string, reason: string, cause: ReviewCause): Promise<void> {
    const { count } = await this.prisma.transaction.updateMany({
      where: {
        id: transactionId,
        type: { in: [TransactionType.DEPOSIT, TransactionType.WITHDRAWAL] },
        status: TransactionStatus.PENDING,
        reviewReason: null,
      },
      data: { reviewReason: reason, reviewSince: this.clock.now() },
    });
    if (count !== 1) return;
    this.metrics.markedForReview(cause);
    this.logger.error({ event: 'funding.marked_for_review', transactionId, cause, reason }, `movement ${transactionId} marked for review: ${reason}`);
  }

  /** One more pass in which the bank answered and the movement still could not be settled; the last allowed one marks it. */
  async failedAttempt(transactionId: string, reason: string, maxAttempts: number): Promise<void> {
    const { count } = await this.prisma.transaction.updateMany({
      where: { id: transactionId, status: TransactionStatus.PENDING },
      data: { reconcileAttempts: { increment: 1 } },
    });
    if (count !== 1) return;
    const { reconcileAttempts } = await this.prisma.transaction.findUniqueOrThrow({
      where: { id: transactionId },
      select: { reconcileAttempts: true },
    });
    if (reconcileAttempts >= maxAttempts) {
      await this.mark(transactionId, `not settled after ${reconcileAttempts} reconciliation passes: ${reason}`, 'attempts_exhausted');
    }
  }

  /** A pass with no answer from the bank: counts against the movement only once it is older than `afterMs`. */
  async unanswered(transactionId: string, createdAt: Date, reason: string, afterMs: number): Promise<void> {
    const age = this.clock.now().getTime() - createdAt.getTime();
    if (age <= afterMs) return;
    await this.mark(transactionId, `no answer from the bank for ${Math.round(age / 1000)} s: ${reason}`, 'bank_unreachable');
  }
}
