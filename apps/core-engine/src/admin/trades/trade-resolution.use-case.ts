import { Injectable } from '@nestjs/common';
import { ApiResult } from '../../errors';
import { Alongside, ResolveTradeUseCase } from '../../trade/review/resolve-trade.use-case';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';

/** POST /admin/v1/trades/{id}/post and `trades:post`: the exchange's numbers for the fill, and why. */
export interface PostTradeInput {
  exchangeOrderId: string;
  executedPrice: string;
  executedQty: string;
  note: string;
}

/** POST /admin/v1/trades/{id}/void and `trades:void`: why; `force` and its `reason` to void an executed order. */
export interface VoidTradeInput {
  note: string;
  force?: boolean;
  reason?: string;
}

/** What the operator gets back: the resolution, and the answer the bank's replays of the trade's key now get. */
export interface TradeResolutionView {
  transactionId: string;
  action: 'POSTED' | 'VOIDED';
  status: 'COMPLETED' | 'FAILED';
  answer: { httpStatus: number; body: ApiResult['body'] };
}

/**
 * An operator resolves a trade marked for review from the admin surface: the trade layer's own
 * resolution (ResolveTradeUseCase: the trade's phase 3 or its failure, with its TradeResolution
 * row) with the audit entry written alongside, in the same database transaction. The operator
 * recorded in both is the audit trail's actor ("operator:<name>" or "cli:<os user>").
 */
@Injectable()
export class AdminTradeResolution {
  constructor(
    private readonly resolver: ResolveTradeUseCase,
    private readonly audit: AuditTrail,
  ) {}

  async post(actor: AdminActor, transactionId: string, input: PostTradeInput): Promise<TradeResolutionView> {
    const { exchangeOrderId, executedPrice, executedQty } = input;
    const answer = await this.resolver.post(
      { transactionId, operator: actor.id, ...input },
      this.audited(actor, transactionId, { status: 'COMPLETED', exchangeOrderId, executedPrice, executedQty }),
    );
    return { transactionId, action: 'POSTED', status: 'COMPLETED', answer };
  }

  /** `force` with a `reason` voids a trade the exchange executed (or cannot vouch for); the audit entry keeps the reason and what the exchange said. */
  async void(actor: AdminActor, transactionId: string, input: VoidTradeInput): Promise<TradeResolutionView> {
    const answer = await this.resolver.void(
      { transactionId, operator: actor.id, note: input.note, force: input.force, forceReason: input.reason },
      this.audited(actor, transactionId, { status: 'FAILED' }),
    );
    return { transactionId, action: 'VOIDED', status: 'FAILED', answer };
  }

  /** The audit entry: the state before (PENDING, why it was marked) and after (the outcome, the note, the exchange's numbers). */
  private audited(actor: AdminActor, transactionId: string, outcome: { status: TradeResolutionView['status'] } & Partial<PostTradeInput>): Alongside {
    return (tx, row, check) =>
      this.audit.record(tx, actor, {
        action: row.action === 'POSTED' ? 'trade.post' : 'trade.void',
        targetType: 'trade',
        targetId: transactionId,
        before: { status: 'PENDING', reviewReason: row.reviewReason },
        // A forced void keeps its reason and what the exchange said it set aside.
        after: { ...outcome, note: row.note, ...(check.forced && { forced: { reason: check.forced.reason, exchange: check.exchange } }) },
      });
  }
}
