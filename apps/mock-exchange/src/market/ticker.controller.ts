import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiExchangeErrors, EXCHANGE_SYMBOL, TickerResponse, TickerResponseDto } from '@app/shared-types';
import { MarketService } from './market.service';
import { TickerQueryDto } from './ticker-query.dto';

@ApiTags('market')
@Controller('ticker')
export class TickerController {
  constructor(private readonly market: MarketService) {}

  /** Each call steps the price walk once. */
  @Get()
  @ApiOperation({ summary: 'The price of one USDT in AZN; each call steps the price walk once' })
  @ApiQuery({ name: 'symbol', required: true, enum: [EXCHANGE_SYMBOL], example: EXCHANGE_SYMBOL })
  @ApiOkResponse({ type: TickerResponseDto, example: { symbol: EXCHANGE_SYMBOL, price: '1.7050', timestamp: 1715000000 } })
  @ApiExchangeErrors('INVALID_REQUEST', 'UNKNOWN_SYMBOL', 'EXCHANGE_INTERNAL_ERROR', 'EXCHANGE_UNAVAILABLE')
  ticker(@Query() _query: TickerQueryDto): TickerResponse {
    const quote = this.market.nextQuote();
    return { symbol: quote.symbol, price: quote.price.toFixed(4), timestamp: quote.timestamp };
  }
}
