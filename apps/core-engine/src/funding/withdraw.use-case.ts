import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { WithdrawRequestDto, WithdrawResponseData } from '@app/shared-types';
import { BankContext } from '../auth';
import { BankGatewayClient } from '../bank-gateway';
import { CoreConfig } from '../config';
import { ApiResult, BankConnectionError, UserNotFoundError, errorResult, ok } from '../errors';
import { IdempotencyService, storedAnswer } from '../idempotency';
import { LedgerService } from '../ledger';
import { DB_SCALE, Decimal } from '../money';
import { AccountRef, UserWallet, WalletService } from '../wallet';
import { PausePoints } from '../reliability/pause-points';
import { checkAmount } from '../trade/shared/amount-limits';
import { ACK_UNKNOWN, awaitsAcknowledgement } from './acknowledgement-state';

/** Another request settled the withdrawal first (a concurrent retry): answer what it stored. */
class AlreadySettled extends Error {}

/**
 * AZN back to the customer's bank account, as a two-phase transfer:
 *  1. one transaction claims the key, records the withdrawal PENDING and holds the AZN;
 *  2. the bank is asked to acknowledge that it pays the customer (reference: the transaction id);
 *  3. acknowledged: one transaction debits the user (consuming the hold) against the bank's
 *     settlement account and completes it. Refused (or the bank unreachable): the hold is
 *     voided, FAILED, nothing leaves. Unknown (timeout, 5xx): the bank may have paid, so the
 *     hold stays and the withdrawal PENDING; the answer is 502 and a retry with the same key
 *     asks again.
 */
@Injectable()
export class WithdrawUseCase {
  private readonly logger = new Logger(WithdrawUseCase.name);
  private readonly maxAmount: Decimal;
  /** A PENDING movement older than this, never marked, was abandoned mid-way: a retry resumes it. */
  private readonly staleAfterMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly bankGateway: BankGatewayClient,
    private readonly pause: PausePoints,
    config: CoreConfig,
  ) {
    this.maxAmount = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
    this.staleAfterMs = 2 * config.BANK_ACK_TIMEOUT_MS + 5000;
  }

  async execute(bank: BankContext, idempotencyKey: string, request: WithdrawRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('funding/withdraw', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (claimed) {
      if (user && awaitsAcknowledgement(claimed, requestHash, new Date(), this.staleAfterMs)) return this.confirmAndDebit(bank, claimed.id, user, request);
      return this.idempotency.replay(claimed, requestHash);
    }
    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');
    if (!user) throw new UserNotFoundError();

    let transactionId: string;
    try {
      transactionId = await this.prisma.$transaction(async (tx) => {
        const created = await tx.transaction.create({
          data: {
            bankId: bank.id,
            idempotencyKey,
            requestHash,
            userId: user.userId,
            type: TransactionType.WITHDRAWAL,
            currencyIn: Currency.AZN,
            currencyOut: Currency.AZN,
            amountIn: amount.toFixed(DB_SCALE),
            amountOut: amount.toFixed(DB_SCALE),
          },
          select: { id: true },
        });
        await this.wallet.placeHold(tx, user.accounts.AZN, created.id, amount);
        return created.id;
      });
    } catch (err) {
      if (this.idempotency.isKeyConflict(err)) {
        return this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash);
      }
      throw err;
    }
    await this.pause.at('funding:after-open', transactionId);
    return this.confirmAndDebit(bank, transactionId, user, request, true);
  }

  /** Phases 2 and 3; also how reconciliation resumes a PENDING one. */
  async confirmAndDebit(bank: BankContext, transactionId: string, user: UserWallet, request: WithdrawRequestDto, firstAttempt = false): Promise<ApiResult> {
    const amount = new Decimal(request.amount);
    const outcome = await this.bankGateway.acknowledge(bank, {
      reference: transactionId,
      operation: 'WITHDRAWAL',
      bankUserId: request.bankUserId,
      amount: amount.toFixed(2),
      currency: 'AZN',
    }, { firstAttempt });

    if (outcome.kind === 'refused') {
      const result = errorResult(new BankConnectionError(`The bank did not acknowledge the withdrawal: ${outcome.reason}.`));
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.transaction.updateMany({
          where: { id: transactionId, status: TransactionStatus.PENDING },
          data: { status: TransactionStatus.FAILED, errorCode: ACK_UNKNOWN, completedAt: new Date(), ...storedAnswer(result) },
        });
        if (count === 1) await this.wallet.voidHolds(tx, transactionId);
      });
      this.logger.warn(`withdrawal ${transactionId} FAILED: the bank refused (${outcome.reason}); hold released`);
      return result;
    }
    if (outcome.kind === 'unknown') {
      await this.prisma.transaction.updateMany({
        where: { id: transactionId, status: TransactionStatus.PENDING },
        data: { errorCode: ACK_UNKNOWN },
      });
      this.logger.error(`withdrawal ${transactionId} stays PENDING with its hold: acknowledgement unknown (${outcome.reason})`);
      return errorResult(new BankConnectionError('The bank did not answer in time; retry with the same idempotency key.'));
    }

    await this.pause.at('funding:after-ack', transactionId);
    // Looked up before the transaction: it may create the account, on its own connection.
    const settlement = await this.wallet.settlementFor(bank.id, Currency.AZN);
    try {
      const result = await this.prisma.$transaction((tx) => this.debit(tx, settlement, transactionId, user, amount));
      this.logger.log({ event: 'withdrawal', transactionId, bank: bank.code, bankUserId: request.bankUserId, amountAzn: amount.toFixed(2) });
      return result;
    } catch (err) {
      if (!(err instanceof AlreadySettled)) throw err;
      const settled = await this.prisma.transaction.findUniqueOrThrow({ where: { id: transactionId } });
      return this.idempotency.replay(settled, settled.requestHash);
    }
  }

  private async debit(
    tx: Prisma.TransactionClient,
    settlement: AccountRef,
    transactionId: string,
    user: UserWallet,
    amount: Decimal,
  ): Promise<ApiResult> {
    const { count } = await tx.transaction.updateMany({
      where: { id: transactionId, status: TransactionStatus.PENDING },
      data: { status: TransactionStatus.COMPLETED, errorCode: null, completedAt: new Date() },
    });
    if (count !== 1) throw new AlreadySettled();
    const released = await this.wallet.markHoldsPosted(tx, transactionId);
    const rows = await this.ledger.post(tx, transactionId, [
      { account: user.accounts.AZN, amount: amount.neg(), releaseHold: released.get(user.accounts.AZN.id) },
      { account: settlement, amount },
    ]);
    const result = ok<WithdrawResponseData>(
      { transactionId, status: 'COMPLETED', amount: amount.toFixed(2), currency: 'AZN', balance: rows[0].balanceAfter.toFixed(2) },
      201,
    );
    await tx.transaction.update({ where: { id: transactionId }, data: storedAnswer(result) });
    return result;
  }
}
