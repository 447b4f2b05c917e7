import { Injectable } from '@nestjs/common';
import { TransactionType } from '@app/prisma-client';
import { WithdrawRequestDto } from '@app/shared-types';
import { BankContext } from '../auth';
import { CoreConfig } from '../config';
import { ApiResult, UserNotFoundError } from '../errors';
import { IdempotencyService } from '../idempotency';
import { LedgerService, releasingHolds } from '../ledger';
import { Decimal } from '../money';
import { UserWallet, WalletService } from '../wallet';
import { checkAmount } from '../trade/shared/amount-limits';
import { ConfirmOptions, FundingFlow, FundingMovement } from './funding-flow.service';

/**
 * AZN back to the customer's bank account, as a two-phase transfer (FundingFlow): phase 1
 * also holds the AZN; acknowledged, the debit consumes the hold against the bank's
 * settlement account; refused (or the bank unreachable), the hold is voided and nothing
 * leaves; unknown (timeout, 5xx), the bank may have paid, so the hold stays and the
 * withdrawal PENDING until a retry or the reconciler asks again.
 */
@Injectable()
export class WithdrawUseCase {
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

  async execute(bank: BankContext, idempotencyKey: string, request: WithdrawRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('funding/withdraw', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (claimed) {
      if (user && this.flow.resumable(claimed, requestHash)) return this.confirmAndDebit(bank, claimed.id, user, request);
      return this.idempotency.replay(claimed, requestHash);
    }
    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');
    if (!user) throw new UserNotFoundError();

    const opened = await this.flow.open(
      bank,
      idempotencyKey,
      requestHash,
      TransactionType.WITHDRAWAL,
      amount,
      async () => user.userId,
      user.accounts.AZN,
    );
    if ('replay' in opened) return opened.replay;
    return this.confirmAndDebit(bank, opened.transactionId, user, request, { firstAttempt: true });
  }

  /** Phases 2 and 3; also how reconciliation resumes a PENDING one. */
  confirmAndDebit(
    bank: BankContext,
    transactionId: string,
    user: UserWallet,
    request: WithdrawRequestDto,
    options: ConfirmOptions = {},
  ): Promise<ApiResult> {
    return this.flow.confirm(this.movement(bank, transactionId, user, request), options);
  }

  /** The withdrawal as FundingFlow books it: also what an operator's resolution completes or fails. */
  movement(bank: BankContext, transactionId: string, user: UserWallet, request: WithdrawRequestDto): FundingMovement {
    const amount = new Decimal(request.amount);
    return {
      operation: 'WITHDRAWAL',
      bank,
      transactionId,
      bankUserId: request.bankUserId,
      amount,
      release: async (tx) => {
        await this.wallet.voidHolds(tx, transactionId);
      },
      post: async (tx, settlement) => {
        const held = await this.wallet.postHolds(tx, transactionId);
        const rows = await this.ledger.post(
          tx,
          transactionId,
          releasingHolds(
            [
              { account: user.accounts.AZN, amount: amount.neg() },
              { account: settlement, amount },
            ],
            held,
          ),
        );
        return rows[0].balanceAfter;
      },
    };
  }
}
