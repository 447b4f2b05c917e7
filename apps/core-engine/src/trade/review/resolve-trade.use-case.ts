import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Prisma, TradeResolutionAction, TransactionStatus, TransactionType } from '@app/prisma-client';
import { UUID_PATTERN } from '@app/shared-types';
import { ApiResult, InvalidResolutionError, TradeNotUnderReviewError, TradeVoidedError } from '../../errors';
import { Decimal, isPlainDecimal, toDbDecimal } from '../../money';
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

export type VoidResolution = ResolutionBy;

/**
 * What a caller writes beside the resolution, in its database transaction (the admin surface's
 * audit entry): given the TradeResolution row as it is written.
 */
export type Alongside = (tx: Prisma.TransactionClient, resolution: ResolutionRow) => Promise<void>;

/**
 * The operator's way out for a trade marked for review (TradeReview): post it as filled with
 * the exchange's numbers, or void it. Each is the trade flow's own posting or failure, in one
 * Prisma interactive transaction with the TradeResolution row (who, what, why, the numbers),
 * and only while the trade is still PENDING and marked (checked again under the row lock in
 * that transaction): a trade resolves once. The customer gets what
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
    const fill = { kind: 'filled' as const, orderId: r.exchangeOrderId, executedPrice, executedQty };
    const result = await this.once(r, () => this.flow.postResolved(trade, r.transactionId, fill, withAlongside(row, alongside)));
    this.logger.warn({ event: 'trade.resolved', action: 'POSTED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  async void(r: VoidResolution, alongside?: Alongside): Promise<ApiResult> {
    const { trade, reviewReason } = await this.underReview(r);
    const row: ResolutionRow = { action: TradeResolutionAction.VOIDED, operator: r.operator, note: r.note, reviewReason };
    const result = await this.once(r, () => this.flow.voidResolved(trade, r.transactionId, new TradeVoidedError(), withAlongside(row, alongside)));
    this.logger.warn({ event: 'trade.resolved', action: 'VOIDED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  /** Settled by the reconciler or another operator (or unmarked) between the read and the commit: refused, nothing written. */
  private async once(r: ResolutionBy, resolve: () => Promise<ApiResult>): Promise<ApiResult> {
    try {
      return await resolve();
    } catch (err) {
      if (err instanceof TradeNotPendingError) throw new TradeNotUnderReviewError(r.transactionId, 'it was settled or unmarked meanwhile');
      throw err;
    }
  }

  private async underReview(r: ResolutionBy): Promise<{ trade: TradeRequest; reviewReason: string }> {
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
    return { trade: pendingTradeRequest(row, user), reviewReason: row.reviewReason };
  }
}

function withAlongside(row: ResolutionRow, alongside: Alongside | undefined) {
  return { row, alongside: alongside && ((tx: Prisma.TransactionClient) => alongside(tx, row)) };
}

function positive(name: string, text: string): Decimal {
  // At most 8 decimals: the column is Decimal(20,8), and a value it would round is refused, not changed.
  if (!isPlainDecimal(text) || new Decimal(text).lte(0) || new Decimal(text).decimalPlaces() > 8) {
    throw new InvalidResolutionError(`${name} must be a positive decimal string with at most 8 decimals, e.g. "1.7000"`);
  }
  return new Decimal(text);
}
