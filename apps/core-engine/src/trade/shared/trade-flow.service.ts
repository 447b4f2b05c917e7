import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '@app/database';
import { TransactionStatus } from '@app/prisma-client';
import { BankContext } from '../../auth';
import { Clock } from '../../clock';
import { CoreConfig } from '../../config';
import { ApiResult, DomainError, InsufficientLiquidityError, errorResult, ok } from '../../errors';
import { ExchangeClient, FilledOrder, OrderOutcome } from '../../exchange';
import { IdempotencyService, storedAnswer } from '../../idempotency';
import { ReviewCause } from '../../metrics';
import { priceAtDbScale } from '../../money';
import { OutboxRow, OutboxService } from '../../outbox';
import { UserWallet, WalletService } from '../../wallet';
import { PausePoints } from '../../reliability/pause-points';
import { TradeReview } from '../review/trade-review.service';
import { TradeLog } from './trade-log';
import { outsidePriceBand, spreadRevenue, TradePlan, tradeAnswer } from './trade-plan';
import { OrderOfTrade, orderIdOfTradeKey } from '../../orders/order-trade';
import { FailTrade, OrderNotClaimedError, Resolution, SettleTrade, TradeNotPendingError, TradeStore } from './trade-store';

const TRADE_EVENT_TYPES = { PENDING: 'trade.pending', COMPLETED: 'trade.completed', FAILED: 'trade.failed' } as const;

export interface TradeRequest {
  bank: BankContext;
  idempotencyKey: string;
  requestHash: string;
  user: UserWallet;
  plan: TradePlan;
}

/**
 * A trade (buy or sell), in three phases so that a crash or an exchange failure at any
 * point neither loses nor doubles money (docs/buy-flow.md draws it):
 *  1. one database transaction (TradeStore.open) claims the idempotency key, creates the
 *     Transaction (PENDING), claims the quote if there is one, and holds what the user gives;
 *  2. the exchange order, carrying the transaction id as client order id;
 *  3. one database transaction (TradeStore.settle) marks the Transaction COMPLETED with its
 *     stored answer, posts the hold, writes the four ledger rows with the balances
 *     (LedgerService, WalletService) and queues the bank's event.
 * A definite rejection by the exchange voids the hold and marks it FAILED; an unknown
 * outcome leaves it PENDING (hold kept) for reconciliation, and the answer says so.
 */
@Injectable()
export class TradeFlow {
  private readonly logger = new Logger(TradeFlow.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly exchange: ExchangeClient,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
    private readonly store: TradeStore,
    private readonly clock: Clock,
    private readonly pause: PausePoints,
    private readonly tradeLog: TradeLog,
    private readonly review: TradeReview,
    private readonly config: CoreConfig,
  ) {}

  /**
   * Prices the trade (`prepare`: the user and the plan, or a refusal), then runs it. The key
   * is not looked up first (phase 1's insert claims it); a refusal while pricing still
   * answers a claimed key with its stored answer (IdempotencyService.replayOrThrow).
   */
  async start(
    bank: BankContext,
    idempotencyKey: string,
    requestHash: string,
    prepare: () => Promise<Pick<TradeRequest, 'user' | 'plan'>>,
  ): Promise<ApiResult> {
    let prepared: Pick<TradeRequest, 'user' | 'plan'>;
    try {
      prepared = await prepare();
      // The venue's own order rules (binance: lot step, minimum notional), before anything is written.
      await this.exchange.checkOrder(prepared.plan.type, prepared.plan.cryptoAmount, prepared.plan.marketPrice);
    } catch (refusal) {
      return this.idempotency.replayOrThrow(refusal, bank.id, idempotencyKey, requestHash);
    }
    return this.run({ bank, idempotencyKey, requestHash, ...prepared });
  }

  async run(trade: TradeRequest): Promise<ApiResult> {
    const { bank, idempotencyKey, requestHash } = trade;
    const transactionId = randomUUID();
    // The Transaction's createdAt, and the order's timestamp: its validity window at the exchange starts then.
    let openedAt: Date;
    try {
      openedAt = await this.store.open({
        transactionId,
        bankId: bank.id,
        idempotencyKey,
        requestHash,
        userId: trade.user.userId,
        holdAccount: trade.user.accounts[trade.plan.currencyIn],
        alsoRead: [trade.user.accounts[trade.plan.currencyOut]],
        plan: trade.plan,
        now: this.clock.now(),
      });
    } catch (err) {
      if (this.idempotency.isKeyConflict(err)) {
        return this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash);
      }
      throw err;
    }

    return this.execute(trade, transactionId, openedAt);
  }

  /**
   * An order's trade (orders/matching): phase 1 on the order's hold (TradeStore.openOnOrderHold:
   * the claim OPEN to TRIGGERED, the hold taken over), then the same phases 2 and 3 as any
   * trade; phase 3 (or a failure) also finishes the order. Null: the order was no longer OPEN
   * (cancelled, expired, claimed elsewhere), nothing was written.
   */
  async runOnOrderHold(trade: TradeRequest, orderId: string): Promise<{ transactionId: string; result: ApiResult } | null> {
    const transactionId = randomUUID();
    let openedAt: Date;
    try {
      openedAt = await this.store.openOnOrderHold({
        transactionId,
        orderId,
        bankId: trade.bank.id,
        idempotencyKey: trade.idempotencyKey,
        requestHash: trade.requestHash,
        userId: trade.user.userId,
        holdAccount: trade.user.accounts[trade.plan.currencyIn],
        plan: trade.plan,
        now: this.clock.now(),
      });
    } catch (err) {
      // The key `order:<id>` taken: the order already has its trade (claimed elsewhere).
      if (err instanceof OrderNotClaimedError || this.idempotency.isKeyConflict(err)) return null;
      throw err;
    }
    return { transactionId, result: await this.execute(trade, transactionId, openedAt) };
  }

  /** Phases 2 and 3 of an opened trade. */
  private async execute(trade: TradeRequest, transactionId: string, openedAt: Date): Promise<ApiResult> {
    await this.pause.at('trade:after-open', transactionId);
    const outcome = await this.placeOrder(trade.plan, transactionId, openedAt);
    if (outcome.kind === 'rejected') {
      return this.fail(trade, transactionId, new InsufficientLiquidityError(), outcome.reason);
    }
    if (outcome.kind === 'unknown') {
      if (outcome.review) await this.markForReview(transactionId, outcome.reason, outcome.review);
      return this.leavePending(trade, transactionId, outcome.reason);
    }
    await this.pause.at('trade:after-order', transactionId);
    const result = await this.settleFill(trade, transactionId, outcome);
    await this.pause.at('trade:after-settle', transactionId);
    return result;
  }

  /**
   * Posts a fill (phase 3), also for reconciliation. A fill that must not be posted as if it
   * were the order stays PENDING, marked for an operator: one of another size than ordered (a
   * partial execution included), or one priced outside FILL_PRICE_BAND_BPS around the trade's
   * market price (a fill at 0 or at ten times the market is the exchange's error or ours,
   * never the customer's trade: issue 22, 2.9).
   */
  async settleFill(trade: TradeRequest, transactionId: string, fill: FilledOrder): Promise<ApiResult> {
    if (!fill.executedQty.eq(trade.plan.cryptoAmount)) {
      const reason = `the exchange filled ${fill.executedQty.toFixed()} of ${trade.plan.cryptoAmount.toFixed(2)} USDT (order ${fill.orderId})`;
      await this.markForReview(transactionId, reason, 'quantity_mismatch');
      return this.leavePending(trade, transactionId, reason);
    }
    const band = outsidePriceBand(trade.plan, fill, this.config.FILL_PRICE_BAND_BPS);
    if (band) {
      await this.markForReview(transactionId, band, 'price_out_of_band');
      return this.leavePending(trade, transactionId, band);
    }
    return this.settle(trade, transactionId, fill);
  }

  /** Best effort: a trade the mark misses stays PENDING, and reconciliation finds the same answer again. */
  private async markForReview(transactionId: string, reason: string, cause: ReviewCause): Promise<void> {
    await this.review
      .mark(transactionId, reason, cause)
      .catch((err: Error) => this.logger.error(`${transactionId}: could not mark for review: ${err.message}`));
  }

  /**
   * An operator posts a trade under review as filled with the exchange's numbers: the customer
   * gets what the trade agreed (its plan), the house records the exchange's order and price,
   * and the resolution (who, why, the numbers) is written in the same database transaction.
   * Errors reach the operator; nothing is written then (TradeNotPendingError: the trade was
   * settled, or its review mark cleared, before the resolution could commit).
   */
  async postResolved(trade: TradeRequest, transactionId: string, fill: FilledOrder, resolution: Resolution): Promise<ApiResult> {
    const settlement = await this.settlement(trade, transactionId, fill);
    await this.store.settle({ ...settlement, resolution });
    this.tradeLog.completed(trade, transactionId, fill, settlement.fee);
    return settlement.answer;
  }

  /** An operator voids a trade under review: FAILED with `error`, the hold released, the resolution recorded. */
  async voidResolved(trade: TradeRequest, transactionId: string, error: DomainError, resolution: Resolution): Promise<ApiResult> {
    const failure = this.failure(trade, transactionId, error);
    await this.store.fail({ ...failure, resolution });
    this.tradeLog.failed(trade, transactionId, error.errorCode, `voided by ${resolution.row.operator}: ${resolution.row.note}`);
    return failure.answer;
  }

  /**
   * Phase 2. An unknown outcome is asked about once more: a fill found by our client order id
   * settles now. Not found is no proof yet (the order may still be in flight), so it stays
   * unknown and reconciliation decides later.
   */
  private async placeOrder(plan: TradePlan, transactionId: string, openedAt: Date): Promise<OrderOutcome> {
    const outcome = await this.exchange.placeOrder(plan.type, plan.cryptoAmount, transactionId, openedAt);
    if (outcome.kind !== 'unknown') return outcome;
    const found = await this.exchange.findOrder(transactionId);
    if (found.kind === 'filled') return found;
    // An answer that said the order executed in part (unreadably) goes to review, whichever call gave it.
    const review = outcome.review ?? (found.kind === 'unknown' ? found.review : undefined);
    return { kind: 'unknown', reason: `${outcome.reason}; lookup: ${found.reason}`, ...(review && { answered: true as const, review }) };
  }

  /** Phase 3: the answer, the hold, the four rows with the balances and the event, in one database transaction. */
  private async settle(trade: TradeRequest, transactionId: string, fill: FilledOrder): Promise<ApiResult> {
    let settlement: SettleTrade;
    try {
      settlement = await this.settlement(trade, transactionId, fill);
      await this.store.settle(settlement);
    } catch (err) {
      // The exchange filled the order: the trade must not be lost. It stays PENDING with
      // its hold, and reconciliation posts it from the exchange's record.
      return this.leavePending(trade, transactionId, `posting failed after the fill: ${(err as Error).message}`);
    }
    this.tradeLog.completed(trade, transactionId, fill, settlement.fee);
    return settlement.answer;
  }

  /** What phase 3 writes for a fill: the answer, the four postings, the house's revenue, the event. */
  private async settlement(trade: TradeRequest, transactionId: string, fill: FilledOrder): Promise<SettleTrade> {
    const { user, plan } = trade;
    const omnibusIn = await this.wallet.omnibusFor(plan.currencyIn, transactionId);
    const omnibusOut = await this.wallet.omnibusFor(plan.currencyOut, transactionId);
    return {
      transactionId,
      // 1 user debit, 2 omnibus credit (what the user gave); 3 omnibus debit, 4 user credit
      // (what the user got). The user's hold is released by the debit (TradeStore.settle).
      postings: [
        { account: user.accounts[plan.currencyIn], amount: plan.amountIn.neg() },
        { account: omnibusIn, amount: plan.amountIn },
        { account: omnibusOut, amount: plan.amountOut.neg() },
        { account: user.accounts[plan.currencyOut], amount: plan.amountOut },
      ],
      // Both at the columns' scale: the fee rounded down, a price of more than 8 decimals in the house's favour (docs/rounding.md).
      fee: spreadRevenue(plan, fill.executedPrice),
      executedPrice: priceAtDbScale(plan.type, fill.executedPrice),
      exchangeOrderId: fill.orderId,
      answer: ok(tradeAnswer(plan, transactionId, TransactionStatus.COMPLETED), 201),
      now: this.clock.now(),
      event: this.tradeEvent(trade, transactionId, TransactionStatus.COMPLETED, null),
      order: orderOf(trade),
      rate: plan.rate.toFixed(4),
    };
  }

  /** A definite failure: release the hold, record the answer; nothing moved. Also for reconciliation. */
  async fail(trade: TradeRequest, transactionId: string, error: DomainError, reason: string): Promise<ApiResult> {
    const failure = this.failure(trade, transactionId, error);
    try {
      await this.store.fail(failure);
    } catch (err) {
      if (!(err instanceof TradeNotPendingError)) throw err;
      // Settled meanwhile by another path (reconciliation): that outcome is the answer.
      return this.leavePending(trade, transactionId, `not failed: ${err.message}`);
    }
    this.tradeLog.failed(trade, transactionId, error.errorCode, reason);
    return failure.answer;
  }

  /** What a failure writes: the stored answer, the error code, the bank's event. */
  private failure(trade: TradeRequest, transactionId: string, error: DomainError): FailTrade {
    return {
      transactionId,
      errorCode: error.errorCode,
      // The id lets the bank match the trade.failed event it will receive.
      answer: errorResult(error, transactionId),
      now: this.clock.now(),
      event: this.tradeEvent(trade, transactionId, TransactionStatus.FAILED, error.errorCode),
      order: orderOf(trade),
    };
  }

  /**
   * The outcome is unknown, or known but not postable now: keep the hold, answer 202 PENDING
   * and store that answer for replays with the bank's trade.pending event (best effort: the
   * database may be what failed).
   */
  private async leavePending(trade: TradeRequest, transactionId: string, reason: string): Promise<ApiResult> {
    // Reconciliation may have settled it meanwhile (this request took long): answer that.
    const settled = await this.prisma.transaction
      .findUnique({ where: { id: transactionId }, select: { status: true, responseStatus: true, responseBody: true } })
      .catch(() => null);
    if (settled && settled.status !== TransactionStatus.PENDING && settled.responseStatus !== null && settled.responseBody !== null) {
      return { httpStatus: settled.responseStatus, body: JSON.parse(settled.responseBody) as ApiResult['body'] };
    }
    this.logger.error(`${trade.plan.type} ${transactionId} left PENDING for reconciliation: ${reason}`);
    const result = ok(tradeAnswer(trade.plan, transactionId, TransactionStatus.PENDING), 202);
    const event = this.tradeEvent(trade, transactionId, TransactionStatus.PENDING, null);
    await this.prisma
      .$transaction(async (tx) => {
        // The first 202 stores the answer and announces trade.pending together; a later one
        // (a reconciliation pass that still cannot post it) finds the answer stored and adds nothing.
        const { count } = await tx.transaction.updateMany({
          where: { id: transactionId, status: TransactionStatus.PENDING, responseStatus: null },
          data: storedAnswer(result),
        });
        if (count === 1 && event) await this.outbox.enqueue(tx, event);
      })
      .catch((err: Error) => this.logger.error(`${transactionId}: could not store the PENDING answer: ${err.message}`));
    return result;
  }

  /** The bank's trade event row, or null when the bank takes no webhooks. */
  private tradeEvent(
    { bank, user, plan }: TradeRequest,
    transactionId: string,
    status: 'PENDING' | 'COMPLETED' | 'FAILED',
    errorCode: string | null,
  ): OutboxRow | null {
    if (!bank.webhookUrl) return null;
    return this.outbox.tradeEventRow(bank.id, TRADE_EVENT_TYPES[status], {
      transactionId,
      type: plan.type,
      status,
      bankUserId: user.bankCustomerId,
      amountIn: plan.amountIn.toFixed(2),
      currencyIn: plan.currencyIn,
      amountOut: plan.amountOut.toFixed(2),
      currencyOut: plan.currencyOut,
      exchangeRate: plan.rate.toFixed(4),
      errorCode,
    });
  }
}

/** The limit or stop order a trade executes (its key `order:<id>`), or null for a market trade. */
function orderOf({ bank, user, idempotencyKey }: TradeRequest): OrderOfTrade | null {
  const orderId = orderIdOfTradeKey(idempotencyKey);
  if (orderId === null) return null;
  return { orderId, bankId: bank.id, bankUserId: user.bankCustomerId, withEvent: Boolean(bank.webhookUrl) };
}
