import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../config';
import { Decimal } from '../money';
import { ERROR_CODE_LOCAL } from '../http/error-code';

export type ExchangeOperation = 'ticker' | 'order' | 'order_lookup';
export type ReconcilerAction = 'completed' | 'failed' | 'still_pending' | 'error';
/**
 * Why a trade, deposit or withdrawal was marked for review: a fill of another size or outside the
 * price band, a partly executed order, reconciliation gave up on it, or (deposits and
 * withdrawals) the bank's endpoint stayed unreachable too long.
 */
export type ReviewCause = 'quantity_mismatch' | 'attempts_exhausted' | 'partial_fill' | 'price_out_of_band' | 'bank_unreachable';

/** Seconds: a trade's duration runs from its request to its outcome, which the reconciler may give much later. */
const TRADE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Core Engine's Prometheus metrics (GET /metrics on METRICS_PORT: MetricsServer). A registry of its own, not prom-client's
 * global one: the tests build many apps in one process, and each app counts only its own.
 *
 * Metrics are approximate by nature (a counter restarts with the process, a number is a
 * float): the ledger is the source of truth for money, and `npm run ledger:verify` checks it.
 * Labels are bounded sets (types, statuses, error codes, route patterns), never ids or banks.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly trades = new Counter({
    name: 'trades_total',
    help: 'Trades that reached an outcome (COMPLETED or FAILED), by type, status and error code ("" when none)',
    labelNames: ['type', 'status', 'error_code'] as const,
    registers: [this.registry],
  });
  private readonly tradeDuration = new Histogram({
    name: 'trade_duration_seconds',
    help: 'From the trade request (or, for a reconciled trade, the transaction creation) to its outcome',
    labelNames: ['type', 'status'] as const,
    buckets: TRADE_BUCKETS,
    registers: [this.registry],
  });
  private readonly spreadRevenue = new Counter({
    name: 'spread_revenue_azn_total',
    help: 'Spread revenue of completed trades that earned one, in AZN (approximate: the ledger is the source of truth)',
    registers: [this.registry],
  });
  // A counter only goes up: a trade whose fill price ate the spread (a price jump, a small
  // spread) counts its loss here, as a positive number, so revenue minus loss is the net.
  private readonly spreadLoss = new Counter({
    name: 'spread_loss_azn_total',
    help: 'Spread lost on completed trades filled at a worse price than they were priced at, in AZN, as a positive number',
    registers: [this.registry],
  });
  private readonly lossTrades = new Counter({
    name: 'trades_at_loss_total',
    help: 'Completed trades whose spread revenue was negative, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Answered HTTP requests, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly apiErrors = new Counter({
    name: 'api_errors_total',
    help: 'API answers with an error envelope, by errorCode',
    labelNames: ['error_code'] as const,
    registers: [this.registry],
  });
  private readonly exchangeDuration = new Histogram({
    name: 'exchange_request_duration_seconds',
    help: 'Calls to the exchange, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly reconcilerActions = new Counter({
    name: 'reconciler_actions_total',
    help: 'What reconciliation did with each PENDING transaction it examined (error: that transaction, or the pass reading them, failed)',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  private readonly ordersTriggered = new Counter({
    name: 'orders_triggered_total',
    help: 'Limit and stop orders the matcher found crossed, by what became of them (filled, failed, pending; not_crossed, unavailable, suspended: back in the book; not_open, refused)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly ordersExpired = new Counter({
    name: 'orders_expired_total',
    help: 'GTD orders expired by the matcher (their holds released)',
    registers: [this.registry],
  });

  private readonly unhandledRejections = new Counter({
    name: 'process_unhandled_rejections_total',
    help: 'Promise rejections nobody handled (each one a bug: its fatal log line says where)',
    registers: [this.registry],
  });

  private readonly outboxBacklog = new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox events not delivered: PENDING (still being tried) and DEAD (given up, waiting for an operator); refreshed every METRICS_REFRESH_MS',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly tradesUnderReview = new Gauge({
    name: 'trades_under_review',
    help: 'PENDING trades (BUY, SELL) marked for review, waiting for an operator (npm run trade:resolve); refreshed every METRICS_REFRESH_MS',
    registers: [this.registry],
  });
  private readonly fundingUnderReview = new Gauge({
    name: 'funding_under_review',
    help: 'PENDING deposits and withdrawals marked for review, waiting for an operator (npm run admin -- funding:review); refreshed every METRICS_REFRESH_MS',
    registers: [this.registry],
  });
  private readonly reviewMarks = new Counter({
    name: 'trades_marked_for_review_total',
    help: 'Trades, deposits and withdrawals marked for review, by cause (quantity_mismatch: a fill of another size; attempts_exhausted: reconciliation gave up; bank_unreachable: no answer from the bank for too long)',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private readonly refreshMs: number;

  constructor(
    private readonly prisma: PrismaService,
    @Optional() config?: CoreConfig,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.refreshMs = config?.METRICS_REFRESH_MS ?? 5000;
  }

  /** The values read from the database are refreshed on a timer, never by a scrape. */
  onApplicationBootstrap(): void {
    const tick = () => {
      this.refreshing = Promise.all([this.countOutbox(), this.countUnderReview()])
        .then(() => {})
        .finally(() => {
          this.refreshing = null;
          if (this.refreshTimer) this.refreshTimer = setTimeout(tick, this.refreshMs).unref();
        });
    };
    this.refreshTimer = setTimeout(tick, 0).unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    await this.refreshing;
  }

  tradeOutcome(type: string, status: string, errorCode: string | null, durationMs: number, spreadRevenueAzn: Decimal | null): void {
    this.trades.inc({ type, status, error_code: errorCode ?? '' });
    this.tradeDuration.observe({ type, status }, durationMs / 1000);
    if (!spreadRevenueAzn) return;
    // Decimal in code; a float only here, at the metric boundary.
    if (spreadRevenueAzn.isNegative() && !spreadRevenueAzn.isZero()) {
      this.spreadLoss.inc(spreadRevenueAzn.neg().toNumber());
      this.lossTrades.inc({ type });
    } else {
      this.spreadRevenue.inc(spreadRevenueAzn.toNumber());
    }
  }

  /** Times one exchange call; `outcomeOf` names its result, a throw counts as "error". */
  async timeExchange<T>(operation: ExchangeOperation, call: () => Promise<T>, outcomeOf: (result: T) => string): Promise<T> {
    const end = this.exchangeDuration.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: outcomeOf(result) });
      return result;
    } catch (err) {
      end({ outcome: 'error' });
      throw err;
    }
  }

  unhandledRejection(): void {
    this.unhandledRejections.inc();
  }

  orderTriggered(outcome: string): void {
    this.ordersTriggered.inc({ outcome });
  }

  orderExpired(): void {
    this.ordersExpired.inc();
  }

  reconcilerAction(action: ReconcilerAction): void {
    this.reconcilerActions.inc({ action });
  }

  markedForReview(cause: ReviewCause): void {
    this.reviewMarks.inc({ cause });
  }

  /**
   * Express middleware: times every answered request. The route is the pattern Express
   * matched (`/api/v1/users/:bankUserId/balances`), not the URL, so the label stays a small set.
   */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.httpDuration.startTimer();
    res.once('finish', () => {
      const matched = req.route as { path?: unknown } | undefined;
      const route = matched ? `${req.baseUrl}${String(matched.path)}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
      const errorCode: unknown = res.locals[ERROR_CODE_LOCAL];
      if (typeof errorCode === 'string') this.apiErrors.inc({ error_code: errorCode });
    });
    next();
  };

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The database not answering leaves the gauge at its last value. */
  private async countUnderReview(): Promise<void> {
    try {
      // One read for both gauges: a deposit or withdrawal under review is not a trade an operator
      // resolves with trade:resolve, so each gauge counts its own types.
      const rows = await this.prisma.transaction.groupBy({ by: ['type'], where: { status: 'PENDING', reviewReason: { not: null } }, _count: true });
      const count = (types: readonly string[]) => rows.filter((r) => types.includes(r.type)).reduce((sum, r) => sum + r._count, 0);
      this.tradesUnderReview.set(count(['BUY', 'SELL']));
      this.fundingUnderReview.set(count(['DEPOSIT', 'WITHDRAWAL']));
    } catch (err) {
      this.logger.warn(`trades_under_review and funding_under_review not updated: ${(err as Error).message}`);
    }
  }

  /** The database not answering leaves the gauge at its last values. */
  private async countOutbox(): Promise<void> {
    const gauge = this.outboxBacklog;
    try {
      const rows = await this.prisma.outboxEvent.groupBy({ by: ['status'], where: { status: { in: ['PENDING', 'DEAD'] } }, _count: true });
      gauge.set({ status: 'PENDING' }, 0);
      gauge.set({ status: 'DEAD' }, 0);
      for (const row of rows) gauge.set({ status: row.status }, row._count);
    } catch (err) {
      this.logger.warn(`outbox_backlog not updated: ${(err as Error).message}`);
    }
  }
}
