import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Prisma, TradeResolutionAction, TransactionStatus, TransactionType } from '@app/prisma-client';
import { UUID_PATTERN } from '@app/shared-types';
import { Clock } from '../../clock';
import {
  ApiResult,
  InvalidResolutionError,
  OrderExecutedError,
  OrderMismatchError,
  OrderStateUnknownError,
  TradeNotUnderReviewError,
  TradeVoidedError,
} from '../../errors';
import { ExchangeClient, FilledOrder } from '../../exchange';
import { Decimal, isPlainDecimal, priceAtDbScale, toDbDecimal } from '../../money';
import { WalletService } from '../../wallet';
import { pendingTradeRequest } from '../shared/pending-trade';
import { TradeFlow, TradeRequest } from '../shared/trade-flow.service';
import { ResolutionRow, TradeNotPendingError } from '../shared/trade-store';

interface ResolutionBy {
  transactionId: string;
  /** Who resolves it: recorded with the resolution. */
  operator: string;
  /** Why, in the operator's words: recorded with the resolution. */
  note: string;
}

/** Post as filled: the exchange's order id, price (AZN per USDT) and executed quantity (USDT), as the exchange reports them. */
export interface PostResolution extends ResolutionBy {
  exchangeOrderId: string;
  executedPrice: string;
  executedQty: string;
}

/**
 * Void: the trade FAILED, its hold released. Refused while the exchange reports the order
 * executed (in full or in part) or cannot say, unless `force` with a `forceReason`.
 */
export interface VoidResolution extends ResolutionBy {
  force?: boolean;
  /** Why the exchange's execution (or silence) is set aside: required with `force`, kept in the audit entry. */
  forceReason?: string;
}

/** What the exchange said about the order when the resolution was checked, and a forced void's reason. */
export interface ResolutionCheck {
  exchange: string;
  forced?: { reason: string };
}

/**
 * What a caller writes beside the resolution, in its database transaction (the admin surface's
 * audit entry): given the TradeResolution row as it is written, and what the exchange said.
 */
export type Alongside = (tx: Prisma.TransactionClient, resolution: ResolutionRow, check: ResolutionCheck) => Promise<void>;

/**
 * The operator's way out for a trade marked for review (TradeReview): post it as filled with
 * the exchange's numbers, or void it. Each is the trade flow's own posting or failure, in one
 * Prisma interactive transaction with the TradeResolution row (who, what, why, the numbers),
 * and only while the trade is still PENDING and marked (checked again under the row lock in
 * that transaction): a trade resolves once. Both ask the exchange first, by the trade's client
 * order id (issue 22, 2.10 and 2.11): a post must carry the exchange's own order id, quantity and
 * price; a void is refused while the exchange reports the order executed, unless forced with a
 * reason. The customer gets what
 * the trade agreed; a fill of another size than ordered is the house's position to settle
 * with the exchange, recorded in the resolution (docs/reliability.md, "Stuck trades").
 */
@Injectable()
export class ResolveTradeUseCase {
  private readonly logger = new Logger(ResolveTradeUseCase.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly flow: TradeFlow,
    private readonly exchange: ExchangeClient,
    private readonly clock: Clock,
  ) {}

  async post(r: PostResolution, alongside?: Alongside): Promise<ApiResult> {
    const { trade, reviewReason } = await this.underReview(r);
    if (!r.exchangeOrderId.trim()) throw new InvalidResolutionError('exchangeOrderId is required');
    const executedPrice = positive('executedPrice', r.executedPrice);
    const executedQty = positive('executedQty', r.executedQty);
    const row: ResolutionRow = {
      action: TradeResolutionAction.POSTED,
      operator: r.operator,
      note: r.note,
      reviewReason,
      exchangeOrderId: r.exchangeOrderId,
      executedPrice: toDbDecimal(executedPrice),
      executedQty: toDbDecimal(executedQty),
    };
    const fill = await this.exchangeFill(r.transactionId, trade, { orderId: r.exchangeOrderId, executedPrice, executedQty });
    const check = { exchange: `filled ${fill.executedQty.toFixed()} USDT at ${fill.executedPrice.toFixed()} (order ${fill.orderId})` };
    const result = await this.once(r, () => this.flow.postResolved(trade, r.transactionId, fill, withAlongside(row, check, alongside)));
    this.logger.warn({ event: 'trade.resolved', action: 'POSTED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  async void(r: VoidResolution, alongside?: Alongside): Promise<ApiResult> {
    const { trade, reviewReason, openedAt } = await this.underReview(r);
    if (r.force && !r.forceReason?.trim()) throw new InvalidResolutionError("reason is required with force: why the exchange's answer is set aside");
    const check = await this.neverExecuted(r, openedAt);
    const row: ResolutionRow = { action: TradeResolutionAction.VOIDED, operator: r.operator, note: r.note, reviewReason };
    const result = await this.once(r, () =>
      this.flow.voidResolved(trade, r.transactionId, new TradeVoidedError(), withAlongside(row, check, alongside)),
    );
    this.logger.warn({
      event: 'trade.resolved',
      action: 'VOIDED',
      transactionId: r.transactionId,
      operator: r.operator,
      note: r.note,
      exchange: check.exchange,
      ...(check.forced && { forced: check.forced.reason }),
    });
    return result;
  }

  /**
   * The fill to post: the exchange's order for this trade (its client order id is the trade's
   * id), which must be the one the operator names, with the same quantity and price (the price
   * as the exchange gives it, or as the column keeps it: docs/rounding.md, rule 8). Another
   * trade's order, a typed number that differs, or no executed order is refused: one fill backs
   * one trade (the unique index on Transaction.exchangeOrderId is the database's safety net).
   */
  private async exchangeFill(
    transactionId: string,
    trade: TradeRequest,
    typed: { orderId: string; executedPrice: Decimal; executedQty: Decimal },
  ): Promise<FilledOrder> {
    const order = await this.exchange.findOrder(transactionId);
    // A part executed that cannot be read is a standing answer, not a passing one: asking again
    // cannot help (409, not retryable); the operator voids it with force or settles it by hand.
    if (order.kind === 'unknown' && order.review)
      throw new OrderMismatchError(
        `The exchange reports trade ${transactionId}'s order executed in part in a way that cannot be read: ${order.reason}.`,
      );
    if (order.kind === 'unknown')
      throw new OrderStateUnknownError(`The exchange could not confirm the order of trade ${transactionId}: ${order.reason}.`);
    if (order.kind !== 'filled') {
      throw new OrderMismatchError(
        `The exchange reports no executed order for trade ${transactionId} (${order.reason}); it cannot be posted as filled.`,
      );
    }
    const differences: string[] = [];
    if (order.orderId !== typed.orderId) differences.push(`order id ${order.orderId}`);
    if (!order.executedQty.eq(typed.executedQty)) differences.push(`executed quantity ${order.executedQty.toFixed()}`);
    if (!order.executedPrice.eq(typed.executedPrice) && !priceAtDbScale(trade.plan.type, order.executedPrice).eq(typed.executedPrice)) {
      differences.push(`price ${order.executedPrice.toFixed()}`);
    }
    if (differences.length) {
      throw new OrderMismatchError(
        `The exchange reports trade ${transactionId}'s order with ${differences.join(', ')}; post the exchange's numbers.`,
      );
    }
    return order;
  }

  /**
   * Whether the exchange proves the order never executed, as the reconciler reads it: rejected
   * (nothing executed), or not found once its validity window has closed. An order it executed,
   * in full or in part, is refused (ORDER_EXECUTED), an answer that proves nothing too
   * (ORDER_STATE_UNKNOWN), unless the operator forces the void with a reason.
   */
  private async neverExecuted(r: VoidResolution, openedAt: Date): Promise<ResolutionCheck> {
    const order = await this.exchange.findOrder(r.transactionId);
    const forced = r.force && r.forceReason ? { reason: r.forceReason } : undefined;
    if (order.kind === 'rejected') return { exchange: `not executed: ${order.reason}` };
    const age = this.clock.now().getTime() - openedAt.getTime();
    if (order.kind === 'not_found' && age > this.exchange.notFoundIsProofAfterMs) return { exchange: `not executed: ${order.reason}` };
    const executed =
      order.kind === 'filled'
        ? `the exchange executed ${order.executedQty.toFixed()} USDT at ${order.executedPrice.toFixed()} (order ${order.orderId})`
        : order.kind === 'unknown' && order.review
          ? `the exchange executed part of the order: ${order.reason}`
          : null;
    if (executed) {
      if (!forced) throw new OrderExecutedError(`Trade ${r.transactionId} cannot be voided: ${executed}. Post it, or void with force and a reason.`);
      return { exchange: executed, forced };
    }
    const unknown =
      order.kind === 'not_found'
        ? `${order.reason} ${age} ms after the order's timestamp, within its window`
        : order.kind === 'unknown'
          ? order.reason
          : order.kind;
    if (!forced) throw new OrderStateUnknownError(`The exchange could not confirm that trade ${r.transactionId}'s order never executed: ${unknown}.`);
    return { exchange: `unconfirmed: ${unknown}`, forced };
  }

  /** Settled by the reconciler or another operator (or unmarked) between the read and the commit: refused, nothing written. */
  private async once(r: ResolutionBy, resolve: () => Promise<ApiResult>): Promise<ApiResult> {
    try {
      return await resolve();
    } catch (err) {
      if (err instanceof TradeNotPendingError) throw new TradeNotUnderReviewError(r.transactionId, 'it was settled or unmarked meanwhile');
      // The unique index on Transaction.exchangeOrderId: that fill already backs another trade.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002' && JSON.stringify(err.meta ?? {}).includes('exchangeOrderId')) {
        throw new OrderMismatchError(`The exchange order already backs another trade; trade ${r.transactionId} cannot be posted with it.`);
      }
      throw err;
    }
  }

  private async underReview(r: ResolutionBy): Promise<{ trade: TradeRequest; reviewReason: string; openedAt: Date }> {
    if (!r.operator.trim()) throw new InvalidResolutionError('operator is required: who resolves the trade');
    if (!r.note.trim()) throw new InvalidResolutionError('note is required: why the trade is resolved so');
    // A malformed id would make PostgreSQL refuse the read: it names no trade.
    if (!UUID_PATTERN.test(r.transactionId)) throw new TradeNotUnderReviewError(r.transactionId, 'no such trade');
    const row = await this.prisma.transaction.findUnique({ where: { id: r.transactionId }, include: { bank: true, user: true } });
    if (!row || (row.type !== TransactionType.BUY && row.type !== TransactionType.SELL)) {
      throw new TradeNotUnderReviewError(r.transactionId, 'no such trade');
    }
    if (row.status !== TransactionStatus.PENDING) throw new TradeNotUnderReviewError(r.transactionId, `it is ${row.status}`);
    if (row.reviewReason === null) throw new TradeNotUnderReviewError(r.transactionId, 'it is PENDING and not marked for review');
    const user = await this.wallet.findUser(row.bankId, row.user.bankCustomerId);
    if (!user) throw new Error(`user ${row.userId} has no wallet`);
    return { trade: pendingTradeRequest(row, user), reviewReason: row.reviewReason, openedAt: row.createdAt };
  }
}

function withAlongside(row: ResolutionRow, check: ResolutionCheck, alongside: Alongside | undefined) {
  return { row, alongside: alongside && ((tx: Prisma.TransactionClient) => alongside(tx, row, check)) };
}

function positive(name: string, text: string): Decimal {
  // At most 8 decimals: the column is Decimal(20,8), and a value it would round is refused, not changed.
  if (!isPlainDecimal(text) || new Decimal(text).lte(0) || new Decimal(text).decimalPlaces() > 8) {
    throw new InvalidResolutionError(`${name} must be a positive decimal string with at most 8 decimals, e.g. "1.7000"`);
  }
  return new Decimal(text);
}
