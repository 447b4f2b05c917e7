import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { BuyRequestDto } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { IdempotencyKey } from '../http';
import { BuyUseCase } from './buy/buy.use-case';

@Controller('api/v1/trade')
@UseGuards(ApiKeyGuard)
export class TradeController {
  constructor(private readonly buyUseCase: BuyUseCase) {}

  /** 201 COMPLETED, 202 PENDING (exchange outcome unknown), or an error envelope. */
  @Post('buy')
  async buy(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: BuyRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.buyUseCase.execute(bank, key, body);
    res.status(result.httpStatus);
    return result.body;
  }
}
