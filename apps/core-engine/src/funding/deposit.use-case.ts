import { Injectable } from '@nestjs/common';
import { TransactionType } from '@app/prisma-client';
import { DepositRequestDto } from '@app/shared-types';
import { BankContext } from '../auth';
import { CoreConfig } from '../config';
import { ApiResult } from '../errors';
import { IdempotencyService } from '../idempotency';
import { LedgerService } from '../ledger';
import { Decimal } from '../money';
import { WalletService } from '../wallet';
import { checkAmount } from '../trade/shared/amount-limits';
import { ConfirmOptions, FundingFlow, FundingMovement } from './funding-flow.service';

/**
 * A bank moved a customer's AZN to us: credit the customer's AZN against the bank's
 * settlement account (two rows), but only once the bank has acknowledged the movement
 * (FundingFlow). The user and its accounts are created on the first deposit.
 */
@Injectable()
export class DepositUseCase {
  private readonly maxAmount: Decimal;

  constructor(
    private readonly wallet: WalletService,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly flow: FundingFlow,
    config: CoreConfig,
  ) {
    this.maxAmount = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, request: DepositRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('funding/deposit', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    if (claimed) {
      if (this.flow.resumable(claimed, requestHash)) return this.confirmAndCredit(bank, claimed.id, request);
      return this.idempotency.replay(claimed, requestHash);
    }

    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');
    const opened = await this.flow.open(
      bank,
      idempotencyKey,
      requestHash,
      TransactionType.DEPOSIT,
      amount,
      async (tx) => (await this.wallet.ensureUser(tx, bank.id, request.bankUserId)).userId,
    );
    if ('replay' in opened) return opened.replay;
    return this.confirmAndCredit(bank, opened.transactionId, request, { firstAttempt: true });
  }

  /** Phases 2 and 3; also how reconciliation resumes a PENDING one. */
  confirmAndCredit(bank: BankContext, transactionId: string, request: DepositRequestDto, options: ConfirmOptions = {}): Promise<ApiResult> {
    return this.flow.confirm(this.movement(bank, transactionId, request), options);
  }

  /** The deposit as FundingFlow books it: also what an operator's resolution completes or fails. */
  movement(bank: BankContext, transactionId: string, request: DepositRequestDto): FundingMovement {
    const amount = new Decimal(request.amount);
    return {
      operation: 'DEPOSIT',
      bank,
      transactionId,
      bankUserId: request.bankUserId,
      amount,
      release: async () => undefined, // nothing was reserved
      post: async (tx, settlement) => {
        const user = await this.wallet.findUser(bank.id, request.bankUserId, tx);
        if (!user) throw new Error(`deposit ${transactionId}: its user disappeared`);
        const rows = await this.ledger.post(tx, transactionId, [
          { account: settlement, amount: amount.neg() },
          { account: user.accounts.AZN, amount },
        ]);
        return rows[1].balanceAfter;
      },
    };
  }
}
