import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { DepositRequestDto } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { IdempotencyKey } from '../http';
import { DepositUseCase } from './deposit.use-case';

@Controller('api/v1/funding')
@UseGuards(ApiKeyGuard)
export class FundingController {
  constructor(private readonly depositUseCase: DepositUseCase) {}

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
}
