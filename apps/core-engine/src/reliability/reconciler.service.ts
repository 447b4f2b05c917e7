import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AppLogging, runFromStart } from '@app/shared-types';
import { Bank, Transaction, TransactionStatus, TransactionType, User } from '@app/prisma-client';
import { BankContext } from '../auth';
import { Clock } from '../clock';
import { CoreConfig } from '../config';
import { InsufficientLiquidityError } from '../errors';
import { ExchangeClient } from '../exchange';
import { DepositUseCase } from '../funding/deposit.use-case';
import { WithdrawUseCase } from '../funding/withdraw.use-case';
import { MetricsService, ReconcilerAction } from '../metrics';
import { Decimal } from '../money';
import { TradeFlow } from '../trade/shared/trade-flow.service';
import { TradePlan } from '../trade/shared/trade-plan';
import { WalletService } from '../wallet';

type PendingRow = Transaction & { bank: Bank; user: User };

export interface ReconcileReport {
  examined: number;
  completed: number;
  failed: number;
  stillPending: number;
  errors: number;
}

/**
 * Settles what a crash, a timeout or an unknown answer left PENDING, at start and then on a
 * timer. Trades: the exchange is asked for the order by our client order id (the transaction
 * id); a fill is posted, an order the exchange does not have (by now) is voided. Deposits and
 * withdrawals: the bank is asked again (it applies a reference once). Every step is the same
 * code the live flow runs, guarded by "only while still PENDING", so two Core Engine
 * processes reconciling at once cannot post anything twice.
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
   * One pass over the PENDING transactions old enough not to be in flight (of one bank only
   * when `bankId` is given: tests sharing a database use it to stay out of each other's way).
   */
  runOnce(scope: { bankId?: string } = {}): Promise<ReconcileReport> {
    this.running ??= this.logging.runJob('reconciliation', () => this.pass(scope)).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(scope: { bankId?: string }): Promise<ReconcileReport> {
    const report: ReconcileReport = { examined: 0, completed: 0, failed: 0, stillPending: 0, errors: 0 };
    const before = new Date(this.clock.now().getTime() - this.config.RECONCILE_MIN_AGE_MS);
    let pending: PendingRow[];
    try {
      pending = await this.prisma.transaction.findMany({
        where: { status: TransactionStatus.PENDING, createdAt: { lt: before }, ...(scope.bankId ? { bankId: scope.bankId } : {}) },
        include: { bank: true, user: true },
        orderBy: { createdAt: 'asc' },
        take: 200,
      });
    } catch (err) {
      this.logger.error(`reconciliation could not read pending transactions: ${(err as Error).message}`);
      this.metrics.reconcilerAction('error');
      report.errors++;
      return report;
    }
    for (const row of pending) {
      if (this.stopped) break;
      report.examined++;
      const action = await this.settle(row);
      this.metrics.reconcilerAction(action);
      if (action === 'completed') report.completed++;
      else if (action === 'failed') report.failed++;
      else if (action === 'still_pending') report.stillPending++;
      else report.errors++;
    }
    if (report.examined) this.logger.log({ event: 'reconciliation', ...report });
    return report;
  }

  /** One transaction, timed (for the trade log and metrics) from its creation, not from this pass. */
  private async settle(row: PendingRow): Promise<ReconcilerAction> {
    try {
      await runFromStart(row.createdAt.getTime(), () => this.reconcile(row));
      const after = await this.prisma.transaction.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
      if (after.status === TransactionStatus.PENDING) return 'still_pending';
      this.logger.log({ event: 'reconciled', transactionId: row.id, type: row.type, status: after.status });
      return after.status === TransactionStatus.COMPLETED ? 'completed' : 'failed';
    } catch (err) {
      this.logger.error(`reconciliation of ${row.type} ${row.id} failed: ${(err as Error).message}`);
      return 'error';
    }
  }

  private async reconcile(row: PendingRow): Promise<void> {
    const bank = bankContext(row.bank);
    const request = { bankUserId: row.user.bankCustomerId, amount: new Decimal(row.amountIn.toString()).toFixed(2), currency: 'AZN' as const };
    if (row.type === TransactionType.DEPOSIT) {
      await this.deposits.confirmAndCredit(bank, row.id, request);
      return;
    }
    const user = await this.wallet.findUser(bank.id, row.user.bankCustomerId);
    if (!user) throw new Error(`user ${row.userId} has no wallet`);
    if (row.type === TransactionType.WITHDRAWAL) {
      await this.withdrawals.confirmAndDebit(bank, row.id, user, request);
      return;
    }
    const trade = { bank, idempotencyKey: row.idempotencyKey, requestHash: row.requestHash, user, plan: planOf(row) };
    const order = await this.exchange.findOrder(row.id);
    if (order.kind === 'filled') await this.flow.settleFill(trade, row.id, order);
    else if (order.kind === 'not_found' || order.kind === 'rejected') {
      // The exchange itself says it has no fill for it, and the trade is old enough that no
      // request for it can still be on its way: it never executed. (Unreachable: try later.)
      await this.flow.fail(trade, row.id, new InsufficientLiquidityError(), `reconciliation: ${order.reason}`);
    }
  }
}

function bankContext(bank: Bank): BankContext {
  return {
    id: bank.id,
    code: bank.code,
    spreadBps: bank.spreadBps,
    slippageToleranceBps: bank.slippageToleranceBps,
    apiKeyId: '',
    callbackUrl: bank.callbackUrl,
    webhookUrl: bank.webhookUrl,
    webhookSecret: bank.webhookSecret,
  };
}

/** The trade as it was opened (the Transaction row records every number of its plan). */
function planOf(row: Transaction): TradePlan {
  const d = (v: { toString(): string } | null) => new Decimal(v === null ? 0 : v.toString());
  const buy = row.type === TransactionType.BUY;
  return {
    type: buy ? 'BUY' : 'SELL',
    amountIn: d(row.amountIn),
    currencyIn: row.currencyIn,
    amountOut: d(row.amountOut),
    currencyOut: row.currencyOut,
    cryptoAmount: buy ? d(row.amountOut) : d(row.amountIn),
    rate: d(row.exchangeRate),
    marketPrice: d(row.marketPrice),
    spreadBps: row.spreadBps ?? 0,
    quoteId: row.quoteId,
  };
}
