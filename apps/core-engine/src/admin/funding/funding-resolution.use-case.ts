import { Injectable } from '@nestjs/common';
import { ApiResult } from '../../errors';
import { FundingAlongside, ResolveFundingUseCase } from '../../funding/review/resolve-funding.use-case';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';

/** What the operator gets back: the resolution, and the answer the bank's replays of the movement's key now get. */
export interface FundingResolutionView {
  transactionId: string;
  action: 'POSTED' | 'VOIDED';
  status: 'COMPLETED' | 'FAILED';
  answer: { httpStatus: number; body: ApiResult['body'] };
}

/**
 * An operator resolves a deposit or withdrawal marked for review from the admin surface, as
 * AdminTradeResolution does a trade: the funding layer's own resolution (ResolveFundingUseCase:
 * FundingFlow's completion or failure, with its TradeResolution row) with the audit entry
 * written alongside, in the same database transaction.
 */
@Injectable()
export class AdminFundingResolution {
  constructor(
    private readonly resolver: ResolveFundingUseCase,
    private readonly audit: AuditTrail,
  ) {}

  async post(actor: AdminActor, transactionId: string, note: string): Promise<FundingResolutionView> {
    const answer = await this.resolver.post({ transactionId, operator: actor.id, note }, this.audited(actor, transactionId, 'COMPLETED'));
    return { transactionId, action: 'POSTED', status: 'COMPLETED', answer };
  }

  async void(actor: AdminActor, transactionId: string, note: string): Promise<FundingResolutionView> {
    const answer = await this.resolver.void({ transactionId, operator: actor.id, note }, this.audited(actor, transactionId, 'FAILED'));
    return { transactionId, action: 'VOIDED', status: 'FAILED', answer };
  }

  /** The audit entry: the state before (PENDING, why it was marked) and after (the outcome, the note). */
  private audited(actor: AdminActor, transactionId: string, status: FundingResolutionView['status']): FundingAlongside {
    return (tx, row) =>
      this.audit.record(tx, actor, {
        action: row.action === 'POSTED' ? 'funding.post' : 'funding.void',
        targetType: 'funding',
        targetId: transactionId,
        before: { status: 'PENDING', reviewReason: row.reviewReason },
        after: { status, note: row.note },
      });
  }
}
