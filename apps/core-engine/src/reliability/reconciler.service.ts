import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AppLogging, runFromStart } from '@app/shared-types';
import { Bank, Transaction, TransactionStatus, TransactionType, User } from '@app/prisma-client';
import { Clock } from '../clock';
import { CoreConfig } from '../config';
import { InsufficientLiquidityError } from '../errors';
import { ExchangeClient } from '../exchange';
import { DepositUseCase } from '../funding/deposit.use-case';
import { ConfirmOptions } from '../funding/funding-flow.service';
import { FundingReview } from '../funding/review/funding-review.service';
import { WithdrawUseCase } from '../funding/withdraw.use-case';
import { MetricsService, ReconcilerAction } from '../metrics';
import { Decimal } from '../money';
import { TradeReview } from '../trade/review/trade-review.service';
import { bankContext, pendingTradeRequest } from '../trade/shared/pending-trade';
import { TradeFlow } from '../trade/shared/trade-flow.service';
import { WalletService } from '../wallet';

type PendingRow = Transaction & { bank: Bank; user: User };

export interface ReconcileReport {
  examined: number;
  completed: number;
  failed: number;
  stillPending: number;
  errors: number;
  /** Deposits and withdrawals left for the next pass unasked: their bank gave no answer earlier in this pass. */
  deferred: number;
}

/** Which banks a pass works (tests sharing a database stay out of each other's way with it). */
export interface ReconcileScope {
  bankId?: string;
  bankIds?: string[];
}

/** Transactions read per bank and pass, oldest first. Transactions under review are not among them. */
const BATCH_PER_BANK = 100;

/**
 * Settles what a crash, a timeout or an unknown answer left PENDING, at start and then on a
 * timer. Trades: the exchange is asked for the order by our client order id (the transaction
 * id); a fill is posted; an order the exchange does not have is voided, but only once its
 * validity window has closed (before that, "not found" proves nothing: the order may still
 * arrive). Deposits and withdrawals: the bank is asked again (it applies a reference once).
 *
 * Every step is the same code the live flow runs, guarded by "only while still PENDING", so
 * two Core Engine processes reconciling at once cannot post anything twice; each transaction
 * is also leased (reconcileLeaseUntil) so only one of them works it at a time. A trade that
 * cannot be settled however often it is asked is marked for review and skipped (TradeReview);
 * so is a deposit or withdrawal (FundingReview).
 *
 * The scan is fair (issue 22, 2.3): per bank, the oldest BATCH_PER_BANK of its trades and the
 * oldest BATCH_PER_BANK of its deposits and withdrawals, in order, RECONCILE_CONCURRENCY banks at
 * once; once a bank's endpoint gives no answer in a pass, its other deposits and withdrawals
 * wait for the next pass (its trades do not depend on it). Trades and movements are read apart
 * so a backlog of movements the bank does not answer never hides the bank's trades.
 * A bank that hangs holds up one worker for one timeout, never another bank's transactions.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileReport> | null = null;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly exchange: ExchangeClient,
    private readonly flow: TradeFlow,
    private readonly review: TradeReview,
    private readonly fundingReview: FundingReview,
    private readonly deposits: DepositUseCase,
    private readonly withdrawals: WithdrawUseCase,
    private readonly clock: Clock,
    private readonly config: CoreConfig,
    private readonly logging: AppLogging,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_INTERVAL_MS <= 0) return;
    const tick = () => {
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.config.RECONCILE_INTERVAL_MS);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * One pass over the PENDING transactions old enough not to be in flight (of the given banks
   * only when `bankId` or `bankIds` is given: tests sharing a database use it).
   */
  runOnce(scope: ReconcileScope = {}): Promise<ReconcileReport> {
    this.running ??= this.logging.runJob('reconciliation', () => this.pass(scope)).finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Long enough for one transaction's calls (an exchange lookup, or a bank acknowledgement,
   * and the postings); a process that dies holding a lease only delays that row until then.
   */
  private get leaseMs(): number {
    return 2 * Math.max(this.config.EXCHANGE_TIMEOUT_MS, this.config.BANK_ACK_TIMEOUT_MS) + 10_000;
  }

  /** What the scan may take: PENDING, not under review, old enough, not leased by another process. */
  private eligible(now: Date, scope: ReconcileScope) {
    const banks = [...(scope.bankId ? [scope.bankId] : []), ...(scope.bankIds ?? [])];
    return {
      status: TransactionStatus.PENDING,
      reviewReason: null,
      createdAt: { lt: new Date(now.getTime() - this.config.RECONCILE_MIN_AGE_MS) },
      OR: [{ reconcileLeaseUntil: null }, { reconcileLeaseUntil: { lt: now } }],
      ...(banks.length ? { bankId: { in: banks } } : {}),
    };
  }

  private async pass(scope: ReconcileScope): Promise<ReconcileReport> {
    const report: ReconcileReport = { examined: 0, completed: 0, failed: 0, stillPending: 0, errors: 0, deferred: 0 };
    let banks: string[];
    try {
      // GROUP BY in SQL: one row per bank with work, whatever its backlog.
      const groups = await this.prisma.transaction.groupBy({ by: ['bankId'], where: this.eligible(this.clock.now(), scope) });
      banks = groups.map((g) => g.bankId);
    } catch (err) {
      this.logger.error(`reconciliation could not read pending transactions: ${(err as Error).message}`);
      this.metrics.reconcilerAction('error');
      report.errors++;
      return report;
    }
    // A bounded pool: RECONCILE_CONCURRENCY workers, each taking the next bank.
    const queue = [...banks];
    const worker = async () => {
      for (let bankId = queue.shift(); bankId !== undefined && !this.stopped; bankId = queue.shift()) await this.passOverBank(bankId, scope, report);
    };
    await Promise.all(Array.from({ length: Math.min(this.config.RECONCILE_CONCURRENCY, queue.length) }, worker));
    if (report.examined || report.deferred) this.logger.log({ event: 'reconciliation', ...report });
    return report;
  }

  /** One bank's oldest trades and oldest deposits and withdrawals, in order. */
  private async passOverBank(bankId: string, scope: ReconcileScope, report: ReconcileReport): Promise<void> {
    let pending: PendingRow[];
    try {
      const where = { ...this.eligible(this.clock.now(), scope), bankId };
      const oldest = (types: TransactionType[]) =>
        this.prisma.transaction.findMany({
          where: { ...where, type: { in: types } },
          include: { bank: true, user: true },
          orderBy: { createdAt: 'asc' },
          take: BATCH_PER_BANK,
        });
      const [trades, movements] = await Promise.all([
        oldest([TransactionType.BUY, TransactionType.SELL]),
        oldest([TransactionType.DEPOSIT, TransactionType.WITHDRAWAL]),
      ]);
      pending = [...trades, ...movements].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    } catch (err) {
      this.logger.error(`reconciliation could not read the pending transactions of bank ${bankId}: ${(err as Error).message}`);
      this.metrics.reconcilerAction('error');
      report.errors++;
      return;
    }
    const bank = { unanswered: false };
    for (const row of pending) {
      if (this.stopped) break;
      if (bank.unanswered && row.type !== TransactionType.BUY && row.type !== TransactionType.SELL) {
        report.deferred++;
        continue;
      }
      const lease = await this.lease(row.id).catch((err: Error) => {
        this.logger.warn(`${row.id} not leased: ${err.message}`);
        return null;
      });
      if (!lease) continue;
      report.examined++;
      const action = await this.settle(row, bank);
      await this.release(row.id, lease);
      this.metrics.reconcilerAction(action);
      if (action === 'completed') report.completed++;
      else if (action === 'failed') report.failed++;
      else if (action === 'still_pending') report.stillPending++;
      else report.errors++;
    }
    if (bank.unanswered)
      this.logger.warn(`bank ${pending[0]?.bank.code ?? bankId} gave no answer: its other deposits and withdrawals wait for the next pass`);
  }

  /** Claims the row for this process until the lease ends; null when another process holds it. */
  private async lease(transactionId: string): Promise<Date | null> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const { count } = await this.prisma.transaction.updateMany({
      where: {
        id: transactionId,
        status: TransactionStatus.PENDING,
        reviewReason: null,
        OR: [{ reconcileLeaseUntil: null }, { reconcileLeaseUntil: { lt: now } }],
      },
      data: { reconcileLeaseUntil: until },
    });
    return count === 1 ? until : null;
  }

  /** Gives a still-PENDING row back for the next pass (best effort: the lease ends by itself). */
  private async release(transactionId: string, lease: Date): Promise<void> {
    await this.prisma.transaction
      .updateMany({ where: { id: transactionId, reconcileLeaseUntil: lease }, data: { reconcileLeaseUntil: null } })
      .catch((err: Error) => this.logger.warn(`lease of ${transactionId} not released: ${err.message}`));
  }

  /** One transaction, timed (for the trade log and metrics) from its creation, not from this pass. */
  private async settle(row: PendingRow, bank: { unanswered: boolean }): Promise<ReconcilerAction> {
    try {
      await runFromStart(row.createdAt.getTime(), () => this.reconcile(row, bank));
      const after = await this.prisma.transaction.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
      if (after.status === TransactionStatus.PENDING) return 'still_pending';
      this.logger.log({ event: 'reconciled', transactionId: row.id, type: row.type, status: after.status });
      return after.status === TransactionStatus.COMPLETED ? 'completed' : 'failed';
    } catch (err) {
      this.logger.error(`reconciliation of ${row.type} ${row.id} failed: ${(err as Error).message}`);
      return 'error';
    }
  }

  private async reconcile(row: PendingRow, state: { unanswered: boolean }): Promise<void> {
    const bank = bankContext(row.bank);
    const request = { bankUserId: row.user.bankCustomerId, amount: new Decimal(row.amountIn.toString()).toFixed(2), currency: 'AZN' as const };
    if (row.type === TransactionType.DEPOSIT) {
      await this.deposits.confirmAndCredit(bank, row.id, request, this.fundingAttempt(row, state));
      return;
    }
    const user = await this.wallet.findUser(bank.id, row.user.bankCustomerId);
    if (!user) throw new Error(`user ${row.userId} has no wallet`);
    if (row.type === TransactionType.WITHDRAWAL) {
      await this.withdrawals.confirmAndDebit(bank, row.id, user, request, this.fundingAttempt(row, state));
      return;
    }
    await this.reconcileTrade(row, pendingTradeRequest(row, user));
  }

  /**
   * A deposit's or withdrawal's pass that leaves it PENDING: an answer it cannot use counts one
   * attempt (RECONCILE_MAX_ATTEMPTS marks it for review); no answer at all counts against it
   * only once it is older than RECONCILE_UNREACHABLE_REVIEW_AFTER_MS, and defers the bank's
   * other movements to the next pass.
   */
  private fundingAttempt(row: PendingRow, state: { unanswered: boolean }): ConfirmOptions {
    return {
      onStillPending: async ({ reason, answered }) => {
        if (answered) return this.fundingReview.failedAttempt(row.id, reason, this.config.RECONCILE_MAX_ATTEMPTS);
        state.unanswered = true;
        await this.fundingReview.unanswered(row.id, row.createdAt, reason, this.config.RECONCILE_UNREACHABLE_REVIEW_AFTER_MS);
      },
    };
  }

  private async reconcileTrade(row: PendingRow, trade: ReturnType<typeof pendingTradeRequest>): Promise<void> {
    const order = await this.exchange.findOrder(row.id);
    if (order.kind === 'filled') {
      const answer = await this.flow.settleFill(trade, row.id, order);
      // 202: the fill is known and still not posted (settleFill marks a fill of another size itself).
      if (answer.httpStatus === 202 && order.executedQty.eq(trade.plan.cryptoAmount)) {
        await this.review.failedAttempt(row.id, `the fill of order ${order.orderId} could not be posted`, this.config.RECONCILE_MAX_ATTEMPTS);
      }
      return;
    }
    if (order.kind === 'rejected') {
      await this.flow.fail(trade, row.id, new InsufficientLiquidityError(), `reconciliation: ${order.reason}`);
      return;
    }
    if (order.kind === 'not_found') {
      // Proof that the order never executed only once its validity window has closed: the
      // exchange refuses an order that arrives after its timestamp (the trade's createdAt)
      // plus recvWindow. Before that it may still be on its way: ask again next pass.
      const age = this.clock.now().getTime() - row.createdAt.getTime();
      if (age > this.exchange.notFoundIsProofAfterMs) {
        await this.flow.fail(
          trade,
          row.id,
          new InsufficientLiquidityError(),
          `reconciliation: ${order.reason}, ${age} ms after the order's timestamp`,
        );
      } else {
        this.logger.warn(`${row.id}: not found at the exchange ${age} ms after its timestamp, within its window: asked again later`);
      }
      return;
    }
    // Unknown. Unreachable is the exchange's state, not the trade's: it counts against no trade.
    // An answer we cannot act on (an unreadable fill, NEW, PARTIALLY_FILLED) does; one saying
    // the order executed in part, unreadably, goes to review at once (readOrderAnswer).
    if (order.review) await this.review.mark(row.id, order.reason, order.review);
    else if (order.answered) await this.review.failedAttempt(row.id, order.reason, this.config.RECONCILE_MAX_ATTEMPTS);
  }
}
