import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  BALANCES_EXAMPLE,
  BalancesResponseData,
  BalancesResponseDto,
  BANK_USER_ID_PATTERN,
  KYC_EXAMPLE,
  KycRequestDto,
  KycResponseData,
  KycResponseDto,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope, UserNotFoundError, ValidationError } from '../errors';
import { WalletService } from '../wallet';
import { KycService } from './kyc.service';

@ApiTags('users')
@ApiSecurity(API_KEY_SECURITY)
@Controller('api/v1/users')
@UseGuards(ApiKeyGuard)
export class UsersController {
  constructor(
    private readonly wallet: WalletService,
    private readonly kyc: KycService,
  ) {}

  /** balance, lockedBalance and available per currency; another bank's user answers 404. */
  @Get(':bankUserId/balances')
  @ApiOperation({ summary: 'balance, lockedBalance and available per currency' })
  @ApiParam({ name: 'bankUserId', description: "The bank's id for its customer", example: 'user_123' })
  @ApiOkResponse({ type: BalancesResponseDto, example: BALANCES_EXAMPLE })
  @ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'USER_NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async balances(@CurrentBank() bank: BankContext, @Param('bankUserId') bankUserId: string): Promise<SuccessEnvelope<BalancesResponseData>> {
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

  /** Sets the customer's KYC level (creating the customer when new); answers the limits of that level. */
  @Put(':bankUserId/kyc')
  @ApiOperation({ summary: "Sets a customer's KYC level, which selects the bank's limits for it (docs/limits.md)" })
  @ApiParam({ name: 'bankUserId', description: "The bank's id for its customer", example: 'user_123' })
  @ApiOkResponse({ type: KycResponseDto, example: KYC_EXAMPLE })
  @ApiCoreErrors('VALIDATION_ERROR', 'MALFORMED_JSON', 'MISSING_API_KEY', 'INVALID_API_KEY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
  async setKyc(
    @CurrentBank() bank: BankContext,
    @Param('bankUserId') bankUserId: string,
    @Body() body: KycRequestDto,
  ): Promise<SuccessEnvelope<KycResponseData>> {
    if (!BANK_USER_ID_PATTERN.test(bankUserId)) throw new ValidationError('bankUserId must be 1-64 letters, digits or _ . : -');
    return { success: true, data: await this.kyc.setLevel(bank.id, bankUserId, body.level) };
  }
}
