import { Injectable, Logger } from '@nestjs/common';
import { currentRequestContext } from '@app/shared-types';
import type { FilledOrder } from '../../exchange';
import { MetricsService } from '../../metrics';
import { Decimal, DB_SCALE } from '../../money';
import type { TradeRequest } from './trade-flow.service';

type TradeOf = Pick<TradeRequest, 'bank' | 'plan'>;

/**
 * The one place a trade's outcome goes out: one structured log line (`"event":"trade"`, which
 * operators sum spread revenue from) and the trade metrics. Every field is a plain string or
 * number; the request id comes with the logger of the request (or reconciliation pass), and
 * durationMs runs from that request's start (for a reconciled trade, the transaction's creation).
 */
@Injectable()
export class TradeLog {
  private readonly logger = new Logger(TradeLog.name);

  constructor(private readonly metrics: MetricsService) {}

  completed({ bank, plan }: TradeOf, transactionId: string, fill: FilledOrder, spreadRevenueAzn: Decimal): void {
    this.write({ bank, plan }, transactionId, 'COMPLETED', null, spreadRevenueAzn, {
      marketPrice: plan.marketPrice.toFixed(4),
      executedPrice: fill.executedPrice.toFixed(4),
      spreadBps: plan.spreadBps,
      quoteId: plan.quoteId,
      exchangeOrderId: fill.orderId,
    });
  }

  failed(trade: TradeOf, transactionId: string, errorCode: string, reason: string): void {
    this.write(trade, transactionId, 'FAILED', errorCode, null, { reason });
  }

  /**
   * Called after the outcome is committed: nothing here may change the answer the bank gets
   * (a throw would turn a COMPLETED trade into a 500). Logging and metrics are best effort.
   */
  private write(
    { bank, plan }: TradeOf,
    transactionId: string,
    status: 'COMPLETED' | 'FAILED',
    errorCode: string | null,
    spreadRevenueAzn: Decimal | null,
    details: Record<string, string | number | null>,
  ): void {
    try {
      const now = Date.now();
      const durationMs = now - (currentRequestContext()?.startedAt ?? now);
      this.logger.log({
        event: 'trade',
        type: plan.type,
        status,
        transactionId,
        bank: bank.code,
        amountIn: plan.amountIn.toFixed(2),
        currencyIn: plan.currencyIn,
        amountOut: plan.amountOut.toFixed(2),
        currencyOut: plan.currencyOut,
        exchangeRate: plan.rate.toFixed(4),
        spreadRevenueAzn: spreadRevenueAzn?.toFixed(DB_SCALE) ?? null,
        durationMs,
        ...(errorCode !== null && { errorCode }),
        ...details,
      });
      this.metrics.tradeOutcome(plan.type, status, errorCode, durationMs, spreadRevenueAzn);
    } catch (err) {
      try {
        this.logger.error(`trade ${transactionId} ${status}: its log line or metrics failed: ${(err as Error)?.message ?? String(err)}`);
      } catch {
        // The logger itself failed: nothing more can be said.
      }
    }
  }
}
