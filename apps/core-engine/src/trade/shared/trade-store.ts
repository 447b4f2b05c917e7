import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OrderStatus, Prisma, TransactionStatus } from '@app/prisma-client';
import { Clock } from '../../clock';
import { ApiResult } from '../../errors';
import { storedAnswer } from '../../idempotency';
import { LedgerService, Posting, releasingHolds } from '../../ledger';
import { LimitsService, limitedAmount } from '../../limits';
import { Decimal, toDbDecimal } from '../../money';
import { OutboxRow, OutboxService } from '../../outbox';
import { PausePoints } from '../../reliability/pause-points';
import { KnownAccounts, WalletService, withOptimisticRetry } from '../../wallet';
import { OrderOutcome } from '../../orders/order-outcome';
import { OrderOfTrade } from '../../orders/order-trade';
import { QuoteService } from '../quote/quote.service';
import { TradePlan, transactionType } from './trade-plan';

type Tx = Prisma.TransactionClient;

/** Trades opened by this process and not yet settled or failed whose account states are kept: bounded, the oldest go first. */
const KNOWN_ACCOUNTS_SIZE = 10_000;

export interface OpenTrade {
  transactionId: string;
  bankId: string;
  idempotencyKey: string;
  requestHash: string;
  userId: string;
  holdAccount: Posting['account'];
  /** The user's other accounts the trade will post to in phase 3: read in phase 1 with the hold's, kept for phase 3. */
  alsoRead?: Posting['account'][];
  plan: TradePlan;
  now: Date;
}

export interface SettleTrade {
  transactionId: string;
  postings: Posting[];
  fee: Decimal;
  executedPrice: Decimal;
  exchangeOrderId: string;
  answer: ApiResult;
  now: Date;
  event: OutboxRow | null;
  /** An operator's resolution of a trade under review, recorded with the posting. */
  resolution?: Resolution;
  /** The limit or stop order the trade executes: FILLED in the same transaction. */
  order?: OrderOfTrade | null;
  /** The customer's rate, for the order's event. */
  rate?: string;
}

export interface FailTrade {
  transactionId: string;
  errorCode: string;
  answer: ApiResult;
  now: Date;
  event: OutboxRow | null;
  resolution?: Resolution;
  /** The limit or stop order the trade executes: FAILED in the same transaction. */
  order?: OrderOfTrade | null;
}

/** An order's trade about to be opened on the order's hold (TradeStore.openOnOrderHold). */
export type OpenOrderTrade = Omit<OpenTrade, 'alsoRead'> & { orderId: string };

/** The order was no longer OPEN when its trade tried to claim it (cancelled, expired, or claimed by another replica): nothing was written. */
export class OrderNotClaimedError extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} is no longer OPEN`);
    this.name = OrderNotClaimedError.name;
  }
}

/** Who resolved a trade under review, how, and with which exchange numbers (TradeResolution). */
export type ResolutionRow = Omit<Prisma.TradeResolutionUncheckedCreateInput, 'id' | 'transactionId' | 'createdAt'>;

/**
 * An operator's resolution as settle() and fail() write it: the TradeResolution row, and what
 * the caller records beside it (the admin surface's audit entry) in the same transaction.
 */
export interface Resolution {
  row: ResolutionRow;
  alongside?: (tx: Tx) => Promise<void>;
}

/** The trade left PENDING before this attempt could change it: someone (reconciliation) settled it; or a resolution found its review mark gone. */
export class TradeNotPendingError extends Error {
  constructor(readonly transactionId: string) {
    super(`transaction ${transactionId} is no longer PENDING`);
    this.name = TradeNotPendingError.name;
  }
}

/**
 * The database transactions of a trade, each ONE Prisma interactive transaction
 * (`prisma.$transaction(async (tx) => ...)`): everything inside commits together or not at
 * all. Each is retried whole when it loses an optimistic race on a customer account
 * (withOptimisticRetry); the rows are locked in the one order of wallet/lock-order.ts.
 * READ COMMITTED (PrismaService): the version checks and the conditional updates below are
 * what make concurrent requests safe, not the isolation level.
 */
@Injectable()
export class TradeStore {
  /**
   * The user's two accounts as each trade's committed phase 1 left them (version included),
   * by transaction id, for its phase 3 in this process: when no other write touched them in
   * between (the usual case), phase 3 writes them without reading them first. A miss costs
   * one retry (TradeStore.settle). Trades settled elsewhere (another replica, reconciliation
   * after a restart) simply read.
   */
  private readonly known = new Map<string, KnownAccounts>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly ledger: LedgerService,
    private readonly quotes: QuoteService,
    private readonly outbox: OutboxService,
    private readonly pause: PausePoints,
    private readonly clock: Clock,
    private readonly limits: LimitsService,
    private readonly orderOutcome: OrderOutcome,
  ) {}

  /**
   * Phase 1: the PENDING Transaction with its Hold on what the user gives,
   * whose insert claims the idempotency key (the unique index on (bankId, idempotencyKey) is
   * the arbiter: a taken key fails here first, as Prisma's P2002, which
   * IdempotencyService.isKeyConflict recognises); the quote, when there is one (one trade per
   * quote); the funds for the hold. Throws
   * InsufficientFundsError or a quote error with nothing written.
   *
   * Answers the Transaction's `createdAt`: the time the committed attempt started, which the
   * exchange order carries as its timestamp (its validity window starts then, not at the first
   * of several attempts a busy account may take).
   */
  async open(o: OpenTrade): Promise<Date> {
    const { plan } = o;
    let createdAt = o.now;
    let accounts: KnownAccounts | undefined;
    await withOptimisticRetry(`open ${o.transactionId}`, () =>
      this.prisma.$transaction(async (tx) => {
        createdAt = this.clock.now();
        await tx.transaction.create({ data: pendingTradeRow(o, createdAt), select: { id: true } });
        // Two creates, not one nested write: the nested one reads the Transaction back (a third
        // statement) for the same Node CPU (bench/README.md, issue 23, lever E).
        await tx.hold.create({
          data: { transactionId: o.transactionId, ...this.wallet.newHold(o.holdAccount, plan.amountIn) },
          select: { id: true },
        });
        await this.limits.claim(tx, { ...o, operation: transactionType(plan), amountAzn: limitedAmount(plan) });
        if (plan.quoteId) {
          await this.quotes.claim(tx, plan.quoteId, { ...o, side: plan.type, amount: plan.amountIn });
        }
        accounts = await this.wallet.placeHold(tx, o.holdAccount, plan.amountIn, o.alsoRead ?? []);
      }),
    );
    // Only the committed attempt's states are kept.
    if (accounts) this.remember(o.transactionId, accounts);
    return createdAt;
  }

  /**
   * Phase 1 of an order's trade, in one database transaction: the PENDING Transaction (its
   * key `order:<orderId>`: one trade per order), the claim of the order OPEN to TRIGGERED
   * (conditional: of a cancel, an expiry and the matchers of several replicas, exactly one
   * moves an OPEN order on; the others find it changed and write nothing), and the order's
   * hold taken over by the trade. No new hold. The KYC limits are checked again, on the
   * trade's own amount: the order's price bounded it at placement only from one side (a SELL
   * LIMIT fills at or above its limit, so its AZN can be any multiple of what was checked), and
   * an order counts in the 24-hour sums only for 24 hours from its placement; the order is
   * TRIGGERED by now, so it is not counted twice. Throws OrderNotClaimedError (nothing
   * written) when the order is no longer OPEN, LimitExceededError (nothing written) over a limit.
   */
  async openOnOrderHold(o: OpenOrderTrade): Promise<Date> {
    const { plan } = o;
    let createdAt = o.now;
    await this.prisma.$transaction(async (tx) => {
      createdAt = this.clock.now();
      await tx.transaction.create({ data: pendingTradeRow(o, createdAt), select: { id: true } });
      const { count } = await tx.order.updateMany({
        where: { id: o.orderId, status: OrderStatus.OPEN },
        data: { status: OrderStatus.TRIGGERED, transactionId: o.transactionId, triggeredAt: createdAt, version: { increment: 1 } },
      });
      if (count !== 1) throw new OrderNotClaimedError(o.orderId);
      await this.limits.claim(tx, { ...o, operation: transactionType(plan), amountAzn: limitedAmount(plan) });
      await this.wallet.takeOverOrderHold(tx, o.orderId, o.transactionId);
    });
    return createdAt;
  }

  /**
   * Phase 3, after the exchange filled the order: the Transaction COMPLETED with the answer
   * replays will get; its hold POSTED; the four ledger rows with the balances (LedgerService,
   * the user's debit releasing the hold); the bank's event. Throws TradeNotPendingError when
   * reconciliation settled the trade first, and nothing is written.
   */
  async settle(s: SettleTrade): Promise<void> {
    const known = this.known.get(s.transactionId);
    this.known.delete(s.transactionId);
    await withOptimisticRetry(`settle ${s.transactionId}`, (attempt) =>
      this.prisma.$transaction(async (tx) => {
        await this.leavePending(tx, s.transactionId, s.resolution, {
          status: TransactionStatus.COMPLETED,
          feeAmount: toDbDecimal(s.fee),
          executedPrice: toDbDecimal(s.executedPrice),
          exchangeOrderId: s.exchangeOrderId,
          ...storedAnswer(s.answer),
          completedAt: s.now,
        });
        const held = await this.wallet.postHolds(tx, s.transactionId);
        if (!held.size) throw new Error(`transaction ${s.transactionId} is PENDING without a pending hold`);
        // The first attempt starts from phase 1's states; a miss (OptimisticLockError) retries on a fresh read.
        await this.ledger.post(tx, s.transactionId, releasingHolds(s.postings, held), attempt === 1 ? known : undefined);
        if (s.event) await this.outbox.enqueue(tx, s.event);
        if (s.order) await this.orderOutcome.finish(tx, s.order, s.transactionId, { status: 'FILLED', exchangeRate: s.rate ?? '' }, s.now);
        if (s.resolution) await this.recordResolution(tx, s.transactionId, s.resolution);
        // The crash suite kills the process here: the transaction is open, nothing committed.
        await this.pause.at('trade:inside-settle', s.transactionId);
      }),
    );
  }

  /**
   * A definite failure: the Transaction FAILED with its stored answer, the hold voided (the
   * reserved funds released), the bank's event; nothing moved. TradeNotPendingError when the
   * trade was settled meanwhile.
   */
  async fail(f: FailTrade): Promise<void> {
    this.known.delete(f.transactionId);
    await withOptimisticRetry(`fail ${f.transactionId}`, () =>
      this.prisma.$transaction(async (tx) => {
        await this.leavePending(tx, f.transactionId, f.resolution, {
          status: TransactionStatus.FAILED,
          errorCode: f.errorCode,
          ...storedAnswer(f.answer),
          completedAt: f.now,
        });
        await this.wallet.voidHolds(tx, f.transactionId);
        if (f.event) await this.outbox.enqueue(tx, f.event);
        if (f.order) await this.orderOutcome.finish(tx, f.order, f.transactionId, { status: 'FAILED', errorCode: f.errorCode }, f.now);
        if (f.resolution) await this.recordResolution(tx, f.transactionId, f.resolution);
      }),
    );
  }

  /**
   * The first lock of phase 3 and of a failure: only a PENDING transaction moves on, so of a
   * live request and the reconciler (or two reconcilers) exactly one settles a trade; the
   * other waits for this row, then finds it no longer PENDING. An operator's resolution moves
   * it on only while it is still marked for review, checked under the same row lock.
   */
  private async leavePending(
    tx: Tx,
    transactionId: string,
    resolution: Resolution | undefined,
    data: Prisma.TransactionUpdateManyMutationInput,
  ): Promise<void> {
    const where = { id: transactionId, status: TransactionStatus.PENDING, ...(resolution && { reviewReason: { not: null } }) };
    const { count } = await tx.transaction.updateMany({ where, data });
    if (count !== 1) throw new TradeNotPendingError(transactionId);
  }

  private remember(transactionId: string, accounts: KnownAccounts): void {
    if (this.known.size >= KNOWN_ACCOUNTS_SIZE) this.known.delete(this.known.keys().next().value as string);
    this.known.set(transactionId, accounts);
  }

  private async recordResolution(tx: Tx, transactionId: string, resolution: Resolution): Promise<void> {
    await tx.tradeResolution.create({ data: { ...resolution.row, transactionId } });
    await resolution.alongside?.(tx);
  }
}

/**
 * A trade's PENDING Transaction row, as phase 1 writes it (a market trade or an order's).
 * `createdAt` is the order's timestamp at the exchange (TradeFlow sends this same instant):
 * the reconciler reads the order's validity window from here.
 */
function pendingTradeRow(o: Omit<OpenTrade, 'alsoRead'>, createdAt: Date) {
  const { plan } = o;
  return {
    id: o.transactionId,
    bankId: o.bankId,
    idempotencyKey: o.idempotencyKey,
    requestHash: o.requestHash,
    userId: o.userId,
    type: transactionType(plan),
    currencyIn: plan.currencyIn,
    currencyOut: plan.currencyOut,
    amountIn: toDbDecimal(plan.amountIn),
    amountOut: toDbDecimal(plan.amountOut),
    exchangeRate: toDbDecimal(plan.rate),
    marketPrice: toDbDecimal(plan.marketPrice),
    spreadBps: plan.spreadBps,
    // Null for an order's trade: its price is the market's at execution.
    quoteId: plan.quoteId,
    createdAt,
  };
}
