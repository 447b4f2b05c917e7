import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Bank, Prisma, TradeResolutionAction, Transaction, TransactionStatus, TransactionType, User } from '@app/prisma-client';
import { UUID_PATTERN } from '@app/shared-types';
import { ApiResult, FundingAcknowledgedError, FundingNotUnderReviewError, FundingVoidedError, InvalidResolutionError } from '../../errors';
import { Decimal } from '../../money';
import { bankContext } from '../../trade/shared/pending-trade';
import { ResolutionRow } from '../../trade/shared/trade-store';
import { WalletService } from '../../wallet';
import { DepositUseCase } from '../deposit.use-case';
import { FundingFlow, FundingMovement, FundingNotPendingError } from '../funding-flow.service';
import { WithdrawUseCase } from '../withdraw.use-case';

export interface FundingResolutionBy {
  transactionId: string;
  /** Who resolves it: recorded with the resolution. */
  operator: string;
  /** Why, in the operator's words (what the bank confirmed): recorded with the resolution. */
  note: string;
}

/** What a caller writes beside the resolution, in its database transaction (the admin surface's audit entry). */
export type FundingAlongside = (tx: Prisma.TransactionClient, resolution: ResolutionRow) => Promise<void>;

type Row = Transaction & { bank: Bank; user: User };

/**
 * The operator's way out for a deposit or withdrawal marked for review (FundingReview), once the
 * bank has told the operator what happened to the money: post it (the bank moved it: booked
 * exactly as the acknowledgement books it, FundingFlow's own completion) or void it (the bank
 * never moved it: FAILED with FUNDING_VOIDED, a withdrawal's hold released, nothing moved). Each
 * in one Prisma interactive transaction with its TradeResolution row (one per transaction, so it
 * resolves once) and the caller's audit entry, and only while the movement is still PENDING and
 * marked, checked again under the row lock in that transaction.
 */
@Injectable()
export class ResolveFundingUseCase {
  private readonly logger = new Logger(ResolveFundingUseCase.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly flow: FundingFlow,
    private readonly deposits: DepositUseCase,
    private readonly withdrawals: WithdrawUseCase,
  ) {}

  async post(r: FundingResolutionBy, alongside?: FundingAlongside): Promise<ApiResult> {
    const { movement, reviewReason } = await this.underReview(r);
    const row: ResolutionRow = { action: TradeResolutionAction.POSTED, operator: r.operator, note: r.note, reviewReason };
    const result = await this.once(r, () => this.flow.completeResolved(movement, withAlongside(row, alongside)));
    this.logger.warn({ event: 'funding.resolved', action: 'POSTED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  async void(r: FundingResolutionBy, alongside?: FundingAlongside): Promise<ApiResult> {
    const { movement, reviewReason, acknowledgedAt } = await this.underReview(r);
    // Checked again under the row lock by FundingFlow.failPending (an acknowledgement recorded
    // between this read and the commit leaves it PENDING: FUNDING_NOT_UNDER_REVIEW).
    if (acknowledgedAt) throw new FundingAcknowledgedError(r.transactionId, acknowledgedAt);
    const row: ResolutionRow = { action: TradeResolutionAction.VOIDED, operator: r.operator, note: r.note, reviewReason };
    const result = await this.once(r, () => this.flow.failResolved(movement, new FundingVoidedError(), withAlongside(row, alongside)));
    this.logger.warn({ event: 'funding.resolved', action: 'VOIDED', transactionId: r.transactionId, operator: r.operator, note: r.note });
    return result;
  }

  /** Settled by a retry, the reconciler or another operator (or unmarked) between the read and the commit: refused, nothing written. */
  private async once(r: FundingResolutionBy, resolve: () => Promise<ApiResult>): Promise<ApiResult> {
    try {
      return await resolve();
    } catch (err) {
      if (err instanceof FundingNotPendingError) throw new FundingNotUnderReviewError(r.transactionId, 'it was settled or unmarked meanwhile');
      throw err;
    }
  }

  private async underReview(r: FundingResolutionBy): Promise<{ movement: FundingMovement; reviewReason: string; acknowledgedAt: Date | null }> {
    if (!r.operator.trim()) throw new InvalidResolutionError('operator is required: who resolves the movement');
    if (!r.note.trim()) throw new InvalidResolutionError('note is required: what the bank confirmed');
    // A malformed id would make PostgreSQL refuse the read: it names no movement.
    if (!UUID_PATTERN.test(r.transactionId)) throw new FundingNotUnderReviewError(r.transactionId, 'no such deposit or withdrawal');
    const row = await this.prisma.transaction.findUnique({ where: { id: r.transactionId }, include: { bank: true, user: true } });
    if (!row || (row.type !== TransactionType.DEPOSIT && row.type !== TransactionType.WITHDRAWAL)) {
      throw new FundingNotUnderReviewError(
        r.transactionId,
        row ? `it is a ${row.type}: resolve trades with /admin/v1/trades` : 'no such deposit or withdrawal',
      );
    }
    if (row.status !== TransactionStatus.PENDING) throw new FundingNotUnderReviewError(r.transactionId, `it is ${row.status}`);
    if (row.reviewReason === null) throw new FundingNotUnderReviewError(r.transactionId, 'it is PENDING and not marked for review');
    return { movement: await this.movement(row), reviewReason: row.reviewReason, acknowledgedAt: row.bankAcknowledgedAt };
  }

  /** The movement as its use case books it, read back from its row (the amount is the one the bank was asked about). */
  private async movement(row: Row): Promise<FundingMovement> {
    const bank = bankContext(row.bank);
    const request = { bankUserId: row.user.bankCustomerId, amount: new Decimal(row.amountIn.toString()).toFixed(2), currency: 'AZN' as const };
    if (row.type === TransactionType.DEPOSIT) return this.deposits.movement(bank, row.id, request);
    const user = await this.wallet.findUser(bank.id, row.user.bankCustomerId);
    if (!user) throw new Error(`user ${row.userId} has no wallet`);
    return this.withdrawals.movement(bank, row.id, user, request);
  }
}

function withAlongside(row: ResolutionRow, alongside: FundingAlongside | undefined) {
  return { row, alongside: alongside && ((tx: Prisma.TransactionClient) => alongside(tx, row)) };
}
