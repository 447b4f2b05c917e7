import { Controller, Get, Req, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MarketService } from '../market/market.service';
import { ApiBinanceErrors } from './binance-api-errors.decorator';
import { BinanceExceptionFilter } from './binance-exception.filter';
import { BinanceFaultsService } from './binance-faults.service';
import { BinanceSignedRequest } from './binance-signed-request';
import { BinanceSymbol, eight } from './binance-symbol';

/**
 * Binance Spot's public routes (rest-api.md): server time, exchange information, and the
 * price of the one market. The prices are the literal /ticker's (one walk, one step per
 * call); the book has no depth, so the best bid and the best ask are that one price.
 */
@ApiTags('binance')
@ApiBinanceErrors()
@Controller('api/v3')
@UseFilters(BinanceExceptionFilter)
export class BinanceMarketController {
  constructor(
    private readonly market: MarketService,
    private readonly symbol: BinanceSymbol,
    private readonly request: BinanceSignedRequest,
    private readonly faults: BinanceFaultsService,
  ) {}

  @Get('time')
  @ApiOperation({ summary: "Binance's GET /api/v3/time: the server's clock in milliseconds" })
  @ApiOkResponse({ schema: { type: 'object', properties: { serverTime: { type: 'integer' } } }, example: { serverTime: 1764800000000 } })
  time(@Req() req: Request): { serverTime: number } {
    this.request.open(req);
    return { serverTime: this.faults.serverTime() };
  }

  @Get('exchangeInfo')
  @ApiOperation({ summary: "Binance's GET /api/v3/exchangeInfo: the one symbol with its PRICE_FILTER, LOT_SIZE and NOTIONAL filters" })
  @ApiQuery({ name: 'symbol', required: false, example: 'USDTAZN' })
  @ApiOkResponse({ schema: { type: 'object' } })
  exchangeInfo(@Req() req: Request): Record<string, unknown> {
    const params = this.request.open(req);
    if (params.has('symbol')) this.symbol.require(params);
    return {
      timezone: 'UTC',
      serverTime: this.faults.serverTime(),
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
      exchangeFilters: [],
      symbols: [this.symbol.describe()],
    };
  }

  @Get('ticker/bookTicker')
  @ApiOperation({ summary: "Binance's GET /api/v3/ticker/bookTicker; each call steps the price walk once" })
  @ApiQuery({ name: 'symbol', required: true, example: 'USDTAZN' })
  @ApiOkResponse({
    schema: { type: 'object' },
    example: { symbol: 'USDTAZN', bidPrice: '1.70500000', bidQty: '1000000.00000000', askPrice: '1.70500000', askQty: '1000000.00000000' },
  })
  bookTicker(@Req() req: Request): Record<string, string> {
    this.symbol.require(this.request.open(req));
    const price = eight(this.market.nextQuote().price);
    const depth = eight(this.symbol.maxQty);
    return { symbol: this.symbol.name, bidPrice: price, bidQty: depth, askPrice: price, askQty: depth };
  }

  @Get('ticker/price')
  @ApiOperation({ summary: "Binance's GET /api/v3/ticker/price; each call steps the price walk once" })
  @ApiQuery({ name: 'symbol', required: true, example: 'USDTAZN' })
  @ApiOkResponse({ schema: { type: 'object' }, example: { symbol: 'USDTAZN', price: '1.70500000' } })
  price(@Req() req: Request): Record<string, string> {
    this.symbol.require(this.request.open(req));
    return { symbol: this.symbol.name, price: eight(this.market.nextQuote().price) };
  }
}
