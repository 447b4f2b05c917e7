import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { BalancesResponseData, BANK_USER_ID_PATTERN } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope, UserNotFoundError } from '../errors';
import { WalletService } from '../wallet';

@Controller('api/v1/users')
@UseGuards(ApiKeyGuard)
export class UsersController {
  constructor(private readonly wallet: WalletService) {}

  /** balance, lockedBalance and available per currency; another bank's user answers 404. */
  @Get(':bankUserId/balances')
  async balances(
    @CurrentBank() bank: BankContext,
    @Param('bankUserId') bankUserId: string,
  ): Promise<SuccessEnvelope<BalancesResponseData>> {
    const user = BANK_USER_ID_PATTERN.test(bankUserId) ? await this.wallet.findUser(bank.id, bankUserId) : null;
    if (!user) throw new UserNotFoundError();
    const balances = await this.wallet.balances(user.userId);
    return {
      success: true,
      data: {
        bankUserId,
        balances: balances.map((b) => ({
          currency: b.currency,
          balance: b.balance.toFixed(2),
          lockedBalance: b.lockedBalance.toFixed(2),
          available: b.available.toFixed(2),
        })),
      },
    };
  }
}
