import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { DepositRequestDto, DepositResponseData } from '@app/shared-types';
import { BankContext } from '../auth';
import { CoreConfig } from '../config';
import { ApiResult, ok } from '../errors';
import { IdempotencyService, storedAnswer } from '../idempotency';
import { LedgerService } from '../ledger';
import { DB_SCALE, Decimal } from '../money';
import { OptimisticLockError, WalletService } from '../wallet';
import { checkAmount } from '../trade/shared/amount-limits';

const POSTING_ATTEMPTS = 5;

/**
 * A bank moved a customer's AZN to us: credit the customer's AZN against the bank's
 * settlement account (two rows). The user and its accounts are created on first deposit.
 * Everything, including the idempotency claim and the stored answer, is one database
 * transaction.
 */
@Injectable()
export class DepositUseCase {
  private readonly logger = new Logger(DepositUseCase.name);
  private readonly maxAmount: Decimal;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    config: CoreConfig,
  ) {
    this.maxAmount = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, request: DepositRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('funding/deposit', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    if (claimed) return this.idempotency.replay(claimed, requestHash);

    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');

    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.prisma.$transaction((tx) =>
          this.credit(tx, bank, idempotencyKey, requestHash, request.bankUserId, amount),
        );
        this.logger.log(
          JSON.stringify({ event: 'deposit', bank: bank.code, bankUserId: request.bankUserId, amountAzn: amount.toFixed(2) }),
        );
        return result;
      } catch (err) {
        if (this.idempotency.isKeyConflict(err)) {
          return this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash);
        }
        if (err instanceof OptimisticLockError && attempt < POSTING_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  private async credit(
    tx: Prisma.TransactionClient,
    bank: BankContext,
    idempotencyKey: string,
    requestHash: string,
    bankUserId: string,
    amount: Decimal,
  ): Promise<ApiResult> {
    const user = await this.wallet.ensureUser(tx, bank.id, bankUserId);
    const settlement = await this.wallet.settlementFor(tx, bank.id, Currency.AZN);
    const value = amount.toFixed(DB_SCALE);
    const created = await tx.transaction.create({
      data: {
        bankId: bank.id,
        idempotencyKey,
        requestHash,
        userId: user.userId,
        type: TransactionType.DEPOSIT,
        status: TransactionStatus.COMPLETED,
        currencyIn: Currency.AZN,
        currencyOut: Currency.AZN,
        amountIn: value,
        amountOut: value,
        completedAt: new Date(),
      },
      select: { id: true },
    });
    const rows = await this.ledger.post(tx, created.id, [
      { account: settlement, amount: amount.neg() },
      { account: user.accounts.AZN, amount },
    ]);
    const result = ok<DepositResponseData>(
      {
        transactionId: created.id,
        status: 'COMPLETED',
        amount: amount.toFixed(2),
        currency: 'AZN',
        balance: rows[1].balanceAfter.toFixed(2),
      },
      201,
    );
    await tx.transaction.update({
      where: { id: created.id },
      data: storedAnswer(result),
    });
    return result;
  }
}
