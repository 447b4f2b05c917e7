import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { DepositRequestDto, DepositResponseData } from '@app/shared-types';
import { BankContext } from '../auth';
import { BankGatewayClient } from '../bank-gateway';
import { CoreConfig } from '../config';
import { ApiResult, BankConnectionError, errorResult, ok } from '../errors';
import { IdempotencyService, storedAnswer } from '../idempotency';
import { LedgerService } from '../ledger';
import { DB_SCALE, Decimal } from '../money';
import { AccountRef, WalletService } from '../wallet';
import { PausePoints } from '../reliability/pause-points';
import { checkAmount } from '../trade/shared/amount-limits';
import { ACK_UNKNOWN, awaitsAcknowledgement } from './acknowledgement-state';


/** Another request settled the deposit first (a concurrent retry): answer what it stored. */
class AlreadySettled extends Error {}

/**
 * A bank moved a customer's AZN to us: credit the customer's AZN against the bank's
 * settlement account (two rows), but only once the bank has acknowledged the movement.
 *  1. one database transaction claims the key and records the deposit PENDING (the user and
 *     its accounts are created on first deposit);
 *  2. the bank is asked to acknowledge, with the transaction id as reference;
 *  3. acknowledged: one transaction credits and completes it. Refused: FAILED, nothing
 *     credited. Unknown (timeout, 5xx): it stays PENDING and the answer is 502; a retry with
 *     the same key asks the bank again (the bank applies a reference once).
 */
@Injectable()
export class DepositUseCase {
  private readonly logger = new Logger(DepositUseCase.name);
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

  async execute(bank: BankContext, idempotencyKey: string, request: DepositRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('funding/deposit', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    if (claimed) {
      if (awaitsAcknowledgement(claimed, requestHash, new Date(), this.staleAfterMs)) return this.confirmAndCredit(bank, claimed.id, request);
      return this.idempotency.replay(claimed, requestHash);
    }

    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');

    let transactionId: string;
    try {
      transactionId = await this.prisma.$transaction(async (tx) => {
        const user = await this.wallet.ensureUser(tx, bank.id, request.bankUserId);
        const created = await tx.transaction.create({
          data: {
            bankId: bank.id,
            idempotencyKey,
            requestHash,
            userId: user.userId,
            type: TransactionType.DEPOSIT,
            currencyIn: Currency.AZN,
            currencyOut: Currency.AZN,
            amountIn: amount.toFixed(DB_SCALE),
            amountOut: amount.toFixed(DB_SCALE),
          },
          select: { id: true },
        });
        return created.id;
      });
    } catch (err) {
      if (this.idempotency.isKeyConflict(err)) {
        return this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash);
      }
      throw err;
    }
    await this.pause.at('funding:after-open', transactionId);
    return this.confirmAndCredit(bank, transactionId, request, true);
  }

  /** Phases 2 and 3; also how reconciliation resumes a PENDING one. */
  async confirmAndCredit(bank: BankContext, transactionId: string, request: DepositRequestDto, firstAttempt = false): Promise<ApiResult> {
    const amount = new Decimal(request.amount);
    const outcome = await this.bankGateway.acknowledge(bank, {
      reference: transactionId,
      operation: 'DEPOSIT',
      bankUserId: request.bankUserId,
      amount: amount.toFixed(2),
      currency: 'AZN',
    }, { firstAttempt });

    if (outcome.kind === 'refused') {
      const result = errorResult(new BankConnectionError(`The bank did not acknowledge the deposit: ${outcome.reason}.`));
      await this.prisma.transaction.updateMany({
        where: { id: transactionId, status: TransactionStatus.PENDING },
        data: { status: TransactionStatus.FAILED, errorCode: ACK_UNKNOWN, completedAt: new Date(), ...storedAnswer(result) },
      });
      this.logger.warn(`deposit ${transactionId} FAILED: the bank refused (${outcome.reason}); nothing credited`);
      return result;
    }
    if (outcome.kind === 'unknown') {
      await this.prisma.transaction.updateMany({
        where: { id: transactionId, status: TransactionStatus.PENDING },
        data: { errorCode: ACK_UNKNOWN },
      });
      this.logger.error(`deposit ${transactionId} stays PENDING: acknowledgement unknown (${outcome.reason}); a retry asks again`);
      return errorResult(new BankConnectionError('The bank did not answer in time; retry with the same idempotency key.'));
    }

    await this.pause.at('funding:after-ack', transactionId);
    // Looked up before the transaction: it may create the account, on its own connection.
    const settlement = await this.wallet.settlementFor(bank.id, Currency.AZN);
    try {
      const result = await this.prisma.$transaction((tx) => this.credit(tx, bank, settlement, transactionId, request.bankUserId, amount));
      this.logger.log({ event: 'deposit', transactionId, bank: bank.code, bankUserId: request.bankUserId, amountAzn: amount.toFixed(2) });
      return result;
    } catch (err) {
      if (!(err instanceof AlreadySettled)) throw err;
      const settled = await this.prisma.transaction.findUniqueOrThrow({ where: { id: transactionId } });
      return this.idempotency.replay(settled, settled.requestHash);
    }
  }

  private async credit(
    tx: Prisma.TransactionClient,
    bank: BankContext,
    settlement: AccountRef,
    transactionId: string,
    bankUserId: string,
    amount: Decimal,
  ): Promise<ApiResult> {
    const user = await this.wallet.findUser(bank.id, bankUserId, tx);
    if (!user) throw new Error(`deposit ${transactionId}: its user disappeared`);
    // Claims the completion: of two retries that both got the acknowledgement, one credits.
    const { count } = await tx.transaction.updateMany({
      where: { id: transactionId, status: TransactionStatus.PENDING },
      data: { status: TransactionStatus.COMPLETED, errorCode: null, completedAt: new Date() },
    });
    if (count !== 1) throw new AlreadySettled();
    const rows = await this.ledger.post(tx, transactionId, [
      { account: settlement, amount: amount.neg() },
      { account: user.accounts.AZN, amount },
    ]);
    const result = ok<DepositResponseData>(
      { transactionId, status: 'COMPLETED', amount: amount.toFixed(2), currency: 'AZN', balance: rows[1].balanceAfter.toFixed(2) },
      201,
    );
    await tx.transaction.update({ where: { id: transactionId }, data: storedAnswer(result) });
    return result;
  }
}
