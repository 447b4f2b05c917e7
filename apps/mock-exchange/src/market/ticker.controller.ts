import { Controller, Get, Query } from '@nestjs/common';
import { TickerResponse } from '@app/shared-types';
import { MarketService } from './market.service';
import { TickerQueryDto } from './ticker-query.dto';

@Controller('ticker')
export class TickerController {
  constructor(private readonly market: MarketService) {}

  /** Each call steps the price walk once. */
  @Get()
  ticker(@Query() _query: TickerQueryDto): TickerResponse {
    const quote = this.market.nextQuote();
    return { symbol: quote.symbol, price: quote.price.toFixed(4), timestamp: quote.timestamp };
  }
}
