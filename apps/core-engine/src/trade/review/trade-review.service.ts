import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionStatus } from '@app/prisma-client';
import { Clock } from '../../clock';
import { MetricsService, ReviewCause } from '../../metrics';

/**
 * Stuck PENDING trades (issue 13, 3.3). A trade whose fill is of another size than ordered,
 * or that reconciliation has failed to settle `maxAttempts` times although the exchange
 * answered (an unreadable fill, a posting that fails every time), is marked for review: its
 * status stays PENDING (the three statuses are the design's), it keeps its hold, the
 * reconciler's scan skips it so it cannot starve newer trades, and an operator resolves it
 * (ResolveTradeUseCase, `npm run trade:resolve`). The mark is written once: its log line and
 * its metric come once per trade.
 */
@Injectable()
export class TradeReview {
  private readonly logger = new Logger(TradeReview.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** Marks a PENDING trade for review (once: a trade already marked keeps its first reason). */
  async mark(transactionId: string, reason: string, cause: ReviewCause): Promise<void> {
    const { count } = await this.prisma.transaction.updateMany({
      where: { id: transactionId, status: TransactionStatus.PENDING, reviewReason: null },
      data: { reviewReason: reason, reviewSince: this.clock.now() },
    });
    if (count !== 1) return;
    this.metrics.markedForReview(cause);
    this.logger.error({ event: 'trade.marked_for_review', transactionId, cause, reason }, `trade ${transactionId} marked for review: ${reason}`);
  }

  /**
   * One more reconciliation pass in which the exchange answered and the trade still could not
   * be settled; the last allowed one marks it for review.
   */
  async failedAttempt(transactionId: string, reason: string, maxAttempts: number): Promise<void> {
    const { reconcileAttempts } = await this.prisma.transaction.update({
      where: { id: transactionId },
      data: { reconcileAttempts: { increment: 1 } },
      select: { reconcileAttempts: true },
    });
    if (reconcileAttempts >= maxAttempts) {
      await this.mark(transactionId, `not settled after ${reconcileAttempts} reconciliation passes: ${reason}`, 'attempts_exhausted');
    }
  }
}
