import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  BUY_COMPLETED_EXAMPLE,
  BUY_PENDING_EXAMPLE,
  BuyRequestDto,
  BuyResponseDto,
  IDEMPOTENCY_KEY_ALIAS_HEADER_DOC,
  IDEMPOTENCY_KEY_HEADER_DOC,
  QUOTE_EXAMPLE,
  QUOTE_ID_EXAMPLE,
  QuoteRequestDto,
  QuoteResponseDto,
  SELL_COMPLETED_EXAMPLE,
  SELL_PENDING_EXAMPLE,
  SellRequestDto,
  SellResponseDto,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { IdempotencyKey, sendResult } from '../http';
import { BuyUseCase } from './buy/buy.use-case';
import { QuoteUseCase } from './quote/quote.use-case';
import { SellUseCase } from './sell/sell.use-case';

@ApiTags('trade')
@ApiSecurity(API_KEY_SECURITY)
@ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INTERNAL_ERROR')
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
  @ApiOperation({ summary: 'A firm price for one buy or sell, valid until expiresAt (15 s by default)' })
  @ApiCreatedResponse({ type: QuoteResponseDto, example: QUOTE_EXAMPLE })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'USER_NOT_FOUND',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'INSUFFICIENT_LIQUIDITY_UNAVAILABLE',
    'SERVICE_BUSY',
  )
  async quote(@CurrentBank() bank: BankContext, @Body() body: QuoteRequestDto, @Res({ passthrough: true }) res: Response) {
    return sendResult(res, await this.quoteUseCase.execute(bank, body));
  }

  /** 201 COMPLETED, 202 PENDING (exchange outcome unknown), or an error envelope. */
  @Post('buy')
  @ApiOperation({ summary: 'Buys USDT for AZN, at the market price plus the bank spread or at a quote' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiHeader(IDEMPOTENCY_KEY_ALIAS_HEADER_DOC)
  @ApiBody({
    type: BuyRequestDto,
    examples: {
      market: { summary: 'At the market price', value: { bankUserId: 'user_123', amount: '100.00', currency: 'AZN' } },
      quoted: { summary: 'At a quote', value: { bankUserId: 'user_123', quoteId: QUOTE_ID_EXAMPLE, amount: '100.00', currency: 'AZN' } },
    },
  })
  @ApiCreatedResponse({ description: 'COMPLETED', type: BuyResponseDto, example: BUY_COMPLETED_EXAMPLE })
  @ApiAcceptedResponse({
    description: 'PENDING: the exchange outcome is unknown; the hold stays until reconciliation settles the trade',
    type: BuyResponseDto,
    example: BUY_PENDING_EXAMPLE,
  })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'MISSING_IDEMPOTENCY_KEY',
    'INVALID_IDEMPOTENCY_KEY',
    'IDEMPOTENCY_KEY_CONFLICT',
    'USER_NOT_FOUND',
    'QUOTE_NOT_FOUND',
    'IDEMPOTENCY_IN_PROGRESS',
    'CONCURRENT_UPDATE',
    'QUOTE_ALREADY_USED',
    'SLIPPAGE_EXCEEDED',
    'QUOTE_EXPIRED',
    'INSUFFICIENT_FUNDS',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'IDEMPOTENCY_KEY_REUSED',
    'QUOTE_MISMATCH',
    'INSUFFICIENT_LIQUIDITY',
    'INSUFFICIENT_LIQUIDITY_UNAVAILABLE',
    'SERVICE_BUSY',
  )
  async buy(@CurrentBank() bank: BankContext, @IdempotencyKey() key: string, @Body() body: BuyRequestDto, @Res({ passthrough: true }) res: Response) {
    return sendResult(res, await this.buyUseCase.execute(bank, key, body));
  }

  /** Same answers as buy. */
  @Post('sell')
  @ApiOperation({ summary: 'Sells USDT for AZN, at the market price minus the bank spread or at a quote' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiHeader(IDEMPOTENCY_KEY_ALIAS_HEADER_DOC)
  @ApiBody({
    type: SellRequestDto,
    examples: {
      market: { summary: 'At the market price', value: { bankUserId: 'user_123', amount: '50.00', currency: 'USDT' } },
      quoted: { summary: 'At a quote', value: { bankUserId: 'user_123', quoteId: QUOTE_ID_EXAMPLE, amount: '50.00', currency: 'USDT' } },
    },
  })
  @ApiCreatedResponse({ description: 'COMPLETED', type: SellResponseDto, example: SELL_COMPLETED_EXAMPLE })
  @ApiAcceptedResponse({ description: 'PENDING: the exchange outcome is unknown', type: SellResponseDto, example: SELL_PENDING_EXAMPLE })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'MISSING_IDEMPOTENCY_KEY',
    'INVALID_IDEMPOTENCY_KEY',
    'IDEMPOTENCY_KEY_CONFLICT',
    'USER_NOT_FOUND',
    'QUOTE_NOT_FOUND',
    'IDEMPOTENCY_IN_PROGRESS',
    'CONCURRENT_UPDATE',
    'QUOTE_ALREADY_USED',
    'SLIPPAGE_EXCEEDED',
    'QUOTE_EXPIRED',
    'INSUFFICIENT_FUNDS_USDT',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'IDEMPOTENCY_KEY_REUSED',
    'QUOTE_MISMATCH',
    'INSUFFICIENT_LIQUIDITY',
    'INSUFFICIENT_LIQUIDITY_UNAVAILABLE',
    'SERVICE_BUSY',
  )
  async sell(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: SellRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendResult(res, await this.sellUseCase.execute(bank, key, body));
  }
}
