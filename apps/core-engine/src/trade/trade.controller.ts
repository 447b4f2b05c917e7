import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { BuyRequestDto, QuoteRequestDto, SellRequestDto } from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { ApiResult } from '../errors';
import { IdempotencyKey } from '../http';
import { BuyUseCase } from './buy/buy.use-case';
import { QuoteUseCase } from './quote/quote.use-case';
import { SellUseCase } from './sell/sell.use-case';

@Controller('api/v1/trade')
@UseGuards(ApiKeyGuard)
export class TradeController {
  constructor(
    private readonly buyUseCase: BuyUseCase,
    private readonly sellUseCase: SellUseCase,
    private readonly quoteUseCase: QuoteUseCase,
  ) {}

  /** 201 a firm quote, valid until expiresAt, for one trade. */
  @Post('quote')
  async quote(@CurrentBank() bank: BankContext, @Body() body: QuoteRequestDto, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.quoteUseCase.execute(bank, body));
  }

  /** 201 COMPLETED, 202 PENDING (exchange outcome unknown), or an error envelope. */
  @Post('buy')
  async buy(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: BuyRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.buyUseCase.execute(bank, key, body));
  }

  /** Same answers as buy. */
  @Post('sell')
  async sell(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: SellRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.sellUseCase.execute(bank, key, body));
  }
}

function send(res: Response, result: ApiResult) {
  res.status(result.httpStatus);
  return result.body;
}
