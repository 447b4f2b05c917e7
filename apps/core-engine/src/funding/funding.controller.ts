import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { DepositRequestDto, WithdrawRequestDto } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { IdempotencyKey } from '../http';
import { DepositUseCase } from './deposit.use-case';
import { WithdrawUseCase } from './withdraw.use-case';

@Controller('api/v1/funding')
@UseGuards(ApiKeyGuard)
export class FundingController {
  constructor(
    private readonly depositUseCase: DepositUseCase,
    private readonly withdrawUseCase: WithdrawUseCase,
  ) {}

  /** 201 COMPLETED once the bank acknowledged; 502 BANK_CONNECTION_ERROR otherwise (nothing credited). */
  @Post('deposit')
  async deposit(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: DepositRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.depositUseCase.execute(bank, key, body);
    res.status(result.httpStatus);
    return result.body;
  }

  /** 201 COMPLETED once the bank acknowledged the payout; 502 BANK_CONNECTION_ERROR otherwise. */
  @Post('withdraw')
  async withdraw(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: WithdrawRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.withdrawUseCase.execute(bank, key, body);
    res.status(result.httpStatus);
    return result.body;
  }
}
