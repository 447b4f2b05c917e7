import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TradeResolutionAction, TransactionStatus, TransactionType } from '@app/prisma-client';
import { ApiResult, InvalidResolutionError, TradeNotUnderReviewError, TradeVoidedError } from '../../errors';
import { Decimal, isPlainDecimal, toDbDecimal } from '../../money';
import { WalletService } from '../../wallet';
import { pendingTradeRequest } from '../shared/pending-trade';
import { TradeFlow, TradeRequest } from '../shared/trade-flow.service';

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
 * The operator's way out for a trade marked for review (TradeReview): post it as filled with
 * the exchange's numbers, or void it. Each is the trade flow's own posting or failure, in one
 * Prisma interactive transaction with the TradeResolution row (who, what, why, the numbers),
 * and only while the trade is still PENDING: a trade resolves once. The customer gets what
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

  async post(r: PostResolution): Promise<ApiResult> {
    const { trade, reviewReason } = await this.underReview(r);
    if (!r.exchangeOrderId.trim()) throw new InvalidResolutionError('exchangeOrderId is required');
    const executedPrice = positive('executedPrice', r.executedPrice);
    const executedQty = positive('executedQty', r.executedQty);
    const result = await this.flow.postResolved(
      trade,
      r.transactionId,
      { kind: 'filled', orderId: r.exchangeOrderId, executedPrice, executedQty },
      {
        action: TradeResolutionAction.POSTED,
        operator: r.operator,
        note: r.note,
        reviewReason,
        exchangeOrderId: r.exchangeOrderId,
        executedPrice: toDbDecimal(executedPrice),
        executedQty: toDbDecimal(executedQty),
      },
    );
    this.logger.warn({ event: 'trade.resolved', action: 'POSTED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  async void(r: VoidResolution): Promise<ApiResult> {
    const { trade, reviewReason } = await this.underReview(r);
    const result = await this.flow.voidResolved(trade, r.transactionId, new TradeVoidedError(), {
      action: TradeResolutionAction.VOIDED,
      operator: r.operator,
      note: r.note,
      reviewReason,
    });
    this.logger.warn({ event: 'trade.resolved', action: 'VOIDED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  private async underReview(r: ResolutionBy): Promise<{ trade: TradeRequest; reviewReason: string }> {
    if (!r.operator.trim()) throw new InvalidResolutionError('operator is required: who resolves the trade');
    if (!r.note.trim()) throw new InvalidResolutionError('note is required: why the trade is resolved so');
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

function positive(name: string, text: string): Decimal {
  // At most 8 decimals: the column is Decimal(20,8), and a value it would round is refused, not changed.
  if (!isPlainDecimal(text) || new Decimal(text).lte(0) || new Decimal(text).decimalPlaces() > 8) {
    throw new InvalidResolutionError(`${name} must be a positive decimal string with at most 8 decimals, e.g. "1.7000"`);
  }
  return new Decimal(text);
}
