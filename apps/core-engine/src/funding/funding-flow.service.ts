import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { DepositResponseData } from '@app/shared-types';
import { BankContext } from '../auth';
import { BankGatewayClient } from '../bank-gateway';
import { CoreConfig } from '../config';
import { ApiResult, BankConnectionError, BankRefusedError, errorResult, ok } from '../errors';
import { ClaimedRequest, IdempotencyService, storedAnswer } from '../idempotency';
import { LimitsService } from '../limits';
import { DB_SCALE, Decimal } from '../money';
import { OutboxRow, OutboxService } from '../outbox';
import { PausePoints } from '../reliability/pause-points';
import { AccountRef, WalletService, withOptimisticRetry } from '../wallet';
import { ACK_UNKNOWN, awaitsAcknowledgement } from './acknowledgement-state';

type Tx = Prisma.TransactionClient;

/** Another request settled the movement first (a concurrent retry): answer what it stored. */
class AlreadySettled extends Error {}

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
  async confirm(m: FundingMovement, firstAttempt = false): Promise<ApiResult> {
    const word = m.operation === 'DEPOSIT' ? 'deposit' : 'withdrawal';
    const outcome = await this.bankGateway.acknowledge(
      m.bank,
      { reference: m.transactionId, operation: m.operation, bankUserId: m.bankUserId, amount: m.amount.toFixed(2), currency: 'AZN' },
      { firstAttempt },
    );

    if (outcome.kind === 'refused') {
      const refusal = new BankRefusedError(`The bank did not acknowledge the ${word}: ${outcome.reason}.`);
      const result = errorResult(refusal, m.transactionId);
      await withOptimisticRetry(`refuse ${m.transactionId}`, () =>
        this.prisma.$transaction(async (tx) => {
          const { count } = await tx.transaction.updateMany({
            where: { id: m.transactionId, status: TransactionStatus.PENDING },
            data: { status: TransactionStatus.FAILED, errorCode: refusal.errorCode, completedAt: new Date(), ...storedAnswer(result) },
          });
          if (count !== 1) return;
          await m.release(tx);
          const event = this.fundingEvent(m, 'FAILED', result.body.success ? null : result.body.errorCode);
          if (event) await this.outbox.enqueue(tx, event);
        }),
      );
      this.logger.warn(`${word} ${m.transactionId} FAILED: the bank refused (${outcome.reason}); nothing moved`);
      return result;
    }
    if (outcome.kind === 'unknown') {
      await this.prisma.transaction.updateMany({
        where: { id: m.transactionId, status: TransactionStatus.PENDING },
        data: { errorCode: ACK_UNKNOWN },
      });
      this.logger.error(`${word} ${m.transactionId} stays PENDING: acknowledgement unknown (${outcome.reason}); a retry asks again`);
      return errorResult(new BankConnectionError(), m.transactionId);
    }

    await this.pause.at('funding:after-ack', m.transactionId);
    try {
      const result = await this.complete(m);
      this.logger.log({ event: word, transactionId: m.transactionId, bank: m.bank.code, bankUserId: m.bankUserId, amountAzn: m.amount.toFixed(2) });
      return result;
    } catch (err) {
      if (!(err instanceof AlreadySettled)) throw err;
      const settled = await this.prisma.transaction.findUniqueOrThrow({ where: { id: m.transactionId } });
      return this.idempotency.replay(settled, settled.requestHash);
    }
  }

  private async complete(m: FundingMovement): Promise<ApiResult> {
    // Looked up before the transaction: it may create the account, on its own connection.
    const settlement = await this.wallet.settlementFor(m.bank.id, Currency.AZN);
    return withOptimisticRetry(`complete ${m.transactionId}`, () =>
      this.prisma.$transaction(async (tx) => {
        // Claims the completion: of two retries that both got the acknowledgement, one posts.
        const { count } = await tx.transaction.updateMany({
          where: { id: m.transactionId, status: TransactionStatus.PENDING },
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
        return result;
      }),
    );
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
