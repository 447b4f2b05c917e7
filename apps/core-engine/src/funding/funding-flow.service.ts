import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { DepositResponseData, FundingPendingData } from '@app/shared-types';
import { BankContext } from '../auth';
import { BankGatewayClient } from '../bank-gateway';
import { CoreConfig } from '../config';
import { ApiResult, BankConnectionError, BankRefusedError, DomainError, errorResult, ok } from '../errors';
import { ClaimedRequest, IdempotencyService, storedAnswer } from '../idempotency';
import { LimitsService } from '../limits';
import { DB_SCALE, Decimal } from '../money';
import { OutboxRow, OutboxService } from '../outbox';
import { PausePoints } from '../reliability/pause-points';
import type { Resolution } from '../trade/shared/trade-store';
import { AccountRef, WalletService, withOptimisticRetry } from '../wallet';
import { ACK_UNKNOWN, awaitsAcknowledgement } from './acknowledgement-state';

type Tx = Prisma.TransactionClient;

/** Another request settled the movement first (a concurrent retry): answer what it stored. */
class AlreadySettled extends Error {}

/** An operator's resolution found the movement settled or unmarked meanwhile: nothing was written. */
export class FundingNotPendingError extends Error {
  constructor(readonly transactionId: string) {
    super(`movement ${transactionId} is no longer PENDING and marked for review`);
    this.name = FundingNotPendingError.name;
  }
}

/** Why a pass left the movement PENDING: `answered` as in AcknowledgementOutcome (the bank said something unusable). */
export interface StillPending {
  reason: string;
  answered: boolean;
}

export interface ConfirmOptions {
  /** True only for the request that opened the movement: nothing about it was sent before. */
  firstAttempt?: boolean;
  /** Told when this attempt leaves the movement PENDING (the reconciler counts attempts with it). */
  onStillPending?: (why: StillPending) => Promise<void>;
}

/** What a deposit and a withdrawal do differently; FundingFlow does the rest. */
export interface FundingMovement {
  operation: 'DEPOSIT' | 'WITHDRAWAL';
  bank: BankContext;
  transactionId: string;
  bankUserId: string;
  amount: Decimal;
  /** In the refusal's transaction, once the movement is FAILED: undo what phase 1 reserved. */
  release(tx: Tx): Promise<void>;
  /** In the completion's transaction, once the movement is COMPLETED: the two rows; the user's AZN balance after. */
  post(tx: Tx, settlement: AccountRef): Promise<Decimal>;
}

/**
 * A bank movement of a customer's AZN (deposit or withdrawal), in three phases:
 *  1. one database transaction claims the key and records the movement PENDING (with what
 *     the use case writes beside it: the withdrawal's hold);
 *  2. the bank is asked to acknowledge, with the transaction id as reference;
 *  3. acknowledged: one transaction completes it, posts its two rows and queues the bank's
 *     deposit.completed / withdrawal.completed event. Refused: FAILED (and *.failed queued),
 *     what phase 1 reserved is released, nothing moves, 502 BANK_REFUSED (stored, final).
 *     Unknown (timeout, 5xx): it stays PENDING and the answer is 502 BANK_CONNECTION_ERROR
 *     (retryable); a retry with the same key asks the bank again (the bank applies a
 *     reference once). docs/buy-flow.md, "The deposit flow".
 */
@Injectable()
export class FundingFlow {
  private readonly logger = new Logger(FundingFlow.name);
  /** A PENDING movement older than this, never marked, was abandoned mid-way: a retry resumes it. */
  private readonly staleAfterMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly idempotency: IdempotencyService,
    private readonly bankGateway: BankGatewayClient,
    private readonly pause: PausePoints,
    private readonly outbox: OutboxService,
    private readonly limits: LimitsService,
    config: CoreConfig,
  ) {
    this.staleAfterMs = 2 * config.BANK_ACK_TIMEOUT_MS + 5000;
  }

  /** Whether a repeated key should ask the bank again rather than replay (acknowledgement-state.ts). */
  resumable(claimed: ClaimedRequest, requestHash: string): boolean {
    return awaitsAcknowledgement(claimed, requestHash, new Date(), this.staleAfterMs);
  }

  /**
   * Phase 1. `prepare` runs in the same transaction and gives the user's id (a deposit
   * creates the user); the KYC limits are checked (LimitsService: LIMIT_EXCEEDED, nothing
   * written); a withdrawal gives `hold`, the account whose `amount` is held: the
   * Hold row is created with the Transaction and its funds reserved (WalletService), all in
   * this transaction. A key taken meanwhile answers as a replay.
   */
  async open(
    bank: BankContext,
    idempotencyKey: string,
    requestHash: string,
    type: TransactionType,
    amount: Decimal,
    prepare: (tx: Tx) => Promise<string>,
    hold?: AccountRef,
  ): Promise<{ transactionId: string } | { replay: ApiResult }> {
    try {
      const transactionId = await withOptimisticRetry(`open ${type}`, () =>
        this.prisma.$transaction(async (tx) => {
          const userId = await prepare(tx);
          const created = await tx.transaction.create({
            data: {
              bankId: bank.id,
              idempotencyKey,
              requestHash,
              userId,
              type,
              currencyIn: Currency.AZN,
              currencyOut: Currency.AZN,
              amountIn: amount.toFixed(DB_SCALE),
              amountOut: amount.toFixed(DB_SCALE),
              ...(hold && { holds: { create: this.wallet.newHold(hold, amount) } }),
            },
            select: { id: true },
          });
          await this.limits.claim(tx, { bankId: bank.id, userId, transactionId: created.id, operation: type, amountAzn: amount });
          if (hold) await this.wallet.placeHold(tx, hold, amount);
          return created.id;
        }),
      );
      await this.pause.at('funding:after-open', transactionId);
      return { transactionId };
    } catch (err) {
      if (!this.idempotency.isKeyConflict(err)) throw err;
      return { replay: await this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash) };
    }
  }

  /** Phases 2 and 3; also how a retry or the reconciler resumes a PENDING movement. */
  async confirm(m: FundingMovement, { firstAttempt = false, onStillPending }: ConfirmOptions = {}): Promise<ApiResult> {
    const word = m.operation === 'DEPOSIT' ? 'deposit' : 'withdrawal';
    const outcome = await this.bankGateway.acknowledge(
      m.bank,
      { reference: m.transactionId, operation: m.operation, bankUserId: m.bankUserId, amount: m.amount.toFixed(2), currency: 'AZN' },
      { firstAttempt },
    );

    if (outcome.kind === 'refused') {
      const refusal = new BankRefusedError(`The bank did not acknowledge the ${word}: ${outcome.reason}.`);
      const result = errorResult(refusal, m.transactionId);
      if (!(await this.failPending(m, refusal, result))) {
        if (await this.acknowledgedBefore(m.transactionId)) {
          // The bank acknowledged this reference before (its booking here failed): the money
          // moved, and failing it now would release a withdrawal's hold for money already paid
          // out. It stays PENDING, counted as an unusable answer, until it is booked or reviewed.
          const reason = `the bank refused (${outcome.reason}) a movement it had acknowledged`;
          this.logger.error(`${word} ${m.transactionId} stays PENDING: ${reason}`);
          await onStillPending?.({ reason, answered: true });
          return this.storedOutcome(m.transactionId);
        }
        // Another path (a retry, the reconciler, an operator) settled it first: its stored
        // answer is the answer, not a fresh refusal of a movement that may have completed.
        this.logger.warn(`${word} ${m.transactionId}: refused (${outcome.reason}) after it was settled; answering what was stored`);
        return this.storedOutcome(m.transactionId);
      }
      this.logger.warn(`${word} ${m.transactionId} FAILED: the bank refused (${outcome.reason}); nothing moved`);
      return result;
    }
    if (outcome.kind === 'unknown') {
      await this.prisma.transaction.updateMany({
        where: { id: m.transactionId, status: TransactionStatus.PENDING },
        data: { errorCode: ACK_UNKNOWN },
      });
      this.logger.error(`${word} ${m.transactionId} stays PENDING: acknowledgement unknown (${outcome.reason}); a retry asks again`);
      await onStillPending?.({ reason: outcome.reason, answered: outcome.answered });
      return errorResult(new BankConnectionError(), m.transactionId);
    }

    await this.pause.at('funding:after-ack', m.transactionId);
    let result: ApiResult;
    try {
      result = await this.complete(m);
    } catch (err) {
      if (err instanceof AlreadySettled) return this.storedOutcome(m.transactionId);
      // The bank has moved the money: "nothing was written" would be false, and a bank that
      // reverses its debit on it would pay twice once the movement is booked. 202 PENDING
      // with the transaction id; reconciliation asks the bank again and books it.
      const reason = `booking failed after the bank acknowledged: ${(err as Error).message}`;
      const pending = await this.leavePending(m, reason);
      if (pending.httpStatus === 202) await onStillPending?.({ reason, answered: true });
      return pending;
    }
    this.logger.log({ event: word, transactionId: m.transactionId, bank: m.bank.code, bankUserId: m.bankUserId, amountAzn: m.amount.toFixed(2) });
    return result;
  }

  /**
   * An operator's resolution of a movement under review (ResolveFundingUseCase): the bank
   * confirmed it moved the money, so it is booked as the acknowledgement would have booked it,
   * with the resolution recorded in the same transaction. FundingNotPendingError when it was
   * settled or unmarked meanwhile (checked under the row lock): nothing is written.
   */
  async completeResolved(m: FundingMovement, resolution: Resolution): Promise<ApiResult> {
    try {
      return await this.complete(m, resolution);
    } catch (err) {
      if (err instanceof AlreadySettled) throw new FundingNotPendingError(m.transactionId);
      throw err;
    }
  }

  /** The bank confirmed it never moved the money: FAILED with `error`, what phase 1 reserved released, the resolution recorded. */
  async failResolved(m: FundingMovement, error: DomainError, resolution: Resolution): Promise<ApiResult> {
    const result = errorResult(error, m.transactionId);
    if (!(await this.failPending(m, error, result, resolution))) throw new FundingNotPendingError(m.transactionId);
    return result;
  }

  /** FAILED with the stored answer, the release and the *.failed event, in one transaction; false when it was no longer PENDING (or, for a resolution, no longer marked). */
  private async failPending(m: FundingMovement, error: DomainError, result: ApiResult, resolution?: Resolution): Promise<boolean> {
    return withOptimisticRetry(`fail ${m.transactionId}`, () =>
      this.prisma.$transaction(async (tx) => {
        // Never a movement the bank acknowledged (bankAcknowledgedAt): the money moved there.
        const { count } = await tx.transaction.updateMany({
          where: {
            id: m.transactionId,
            status: TransactionStatus.PENDING,
            bankAcknowledgedAt: null,
            ...(resolution && { reviewReason: { not: null } }),
          },
          data: { status: TransactionStatus.FAILED, errorCode: error.errorCode, completedAt: new Date(), ...storedAnswer(result) },
        });
        if (count !== 1) return false;
        await m.release(tx);
        const event = this.fundingEvent(m, 'FAILED', error.errorCode);
        if (event) await this.outbox.enqueue(tx, event);
        if (resolution) await this.recordResolution(tx, m.transactionId, resolution);
        return true;
      }),
    );
  }

  /** Whether the bank acknowledged this PENDING movement before and its booking failed (leavePending). */
  private async acknowledgedBefore(transactionId: string): Promise<boolean> {
    const row = await this.prisma.transaction.findUnique({ where: { id: transactionId }, select: { status: true, bankAcknowledgedAt: true } });
    return row?.status === TransactionStatus.PENDING && row.bankAcknowledgedAt !== null;
  }

  /** What was stored for a movement settled by another path. */
  private async storedOutcome(transactionId: string): Promise<ApiResult> {
    const settled = await this.prisma.transaction.findUniqueOrThrow({ where: { id: transactionId } });
    return this.idempotency.replay(settled, settled.requestHash);
  }

  /**
   * Acknowledged, not booked: 202 PENDING, stored for replays (best effort: the database may be
   * what failed). The movement keeps its hold and reconciliation books it.
   */
  private async leavePending(m: FundingMovement, reason: string): Promise<ApiResult> {
    const word = m.operation === 'DEPOSIT' ? 'deposit' : 'withdrawal';
    // Settled meanwhile (this request took long, the reconciler booked it): answer that.
    const settled = await this.prisma.transaction
      .findUnique({ where: { id: m.transactionId }, select: { status: true, responseStatus: true, responseBody: true } })
      .catch(() => null);
    if (settled && settled.status !== TransactionStatus.PENDING && settled.responseStatus !== null && settled.responseBody !== null) {
      return { httpStatus: settled.responseStatus, body: JSON.parse(settled.responseBody) as ApiResult['body'] };
    }
    this.logger.error(`${word} ${m.transactionId} left PENDING for reconciliation: ${reason}`);
    const result = ok<FundingPendingData>({ transactionId: m.transactionId, status: 'PENDING', amount: m.amount.toFixed(2), currency: 'AZN' }, 202);
    // The acknowledgement is a fact to keep: a later refusal is not believed and an operator
    // cannot void it (failPending). Best effort, as the answer below: if the database is what
    // failed, the next pass that gets the acknowledgement writes it.
    await this.prisma.transaction
      .updateMany({
        where: { id: m.transactionId, status: TransactionStatus.PENDING, bankAcknowledgedAt: null },
        data: { bankAcknowledgedAt: new Date() },
      })
      .catch((err: Error) => this.logger.error(`${m.transactionId}: could not record the acknowledgement: ${err.message}`));
    await this.prisma.transaction
      .updateMany({ where: { id: m.transactionId, status: TransactionStatus.PENDING, responseStatus: null }, data: storedAnswer(result) })
      .catch((err: Error) => this.logger.error(`${m.transactionId}: could not store the PENDING answer: ${err.message}`));
    return result;
  }

  private async complete(m: FundingMovement, resolution?: Resolution): Promise<ApiResult> {
    // Looked up before the transaction: it may create the account, on its own connection.
    const settlement = await this.wallet.settlementFor(m.bank.id, Currency.AZN);
    return withOptimisticRetry(`complete ${m.transactionId}`, () =>
      this.prisma.$transaction(async (tx) => {
        // Claims the completion: of two retries that both got the acknowledgement, one posts.
        // An operator's resolution claims it only while it is still marked for review.
        const { count } = await tx.transaction.updateMany({
          where: { id: m.transactionId, status: TransactionStatus.PENDING, ...(resolution && { reviewReason: { not: null } }) },
          data: { status: TransactionStatus.COMPLETED, errorCode: null, completedAt: new Date() },
        });
        if (count !== 1) throw new AlreadySettled();
        const balance = await m.post(tx, settlement);
        const result = ok<DepositResponseData>(
          { transactionId: m.transactionId, status: 'COMPLETED', amount: m.amount.toFixed(2), currency: 'AZN', balance: balance.toFixed(2) },
          201,
        );
        await tx.transaction.update({ where: { id: m.transactionId }, data: storedAnswer(result), select: { id: true } });
        const event = this.fundingEvent(m, 'COMPLETED', null);
        if (event) await this.outbox.enqueue(tx, event);
        if (resolution) await this.recordResolution(tx, m.transactionId, resolution);
        return result;
      }),
    );
  }

  /** Who resolved it and why (the TradeResolution row: one per transaction, so a movement resolves once), and the caller's audit entry. */
  private async recordResolution(tx: Tx, transactionId: string, resolution: Resolution): Promise<void> {
    await tx.tradeResolution.create({ data: { ...resolution.row, transactionId } });
    await resolution.alongside?.(tx);
  }

  /** The bank's deposit.* or withdrawal.* event row, or null when the bank takes no webhooks. */
  private fundingEvent(m: FundingMovement, status: 'COMPLETED' | 'FAILED', errorCode: string | null): OutboxRow | null {
    if (!m.bank.webhookUrl) return null;
    const prefix = m.operation === 'DEPOSIT' ? 'deposit' : 'withdrawal';
    return this.outbox.fundingEventRow(m.bank.id, status === 'COMPLETED' ? `${prefix}.completed` : `${prefix}.failed`, {
      transactionId: m.transactionId,
      type: m.operation,
      status,
      bankUserId: m.bankUserId,
      amount: m.amount.toFixed(2),
      currency: 'AZN',
      errorCode,
    });
  }
}
