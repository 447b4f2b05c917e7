import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import Decimal from 'decimal.js';
import { ExchangePriceSettings } from '@app/shared-types';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { MarketService } from '../market/market.service';
import { AdminKeyGuard } from './admin-key.guard';
import { SetPriceDto } from './set-price.dto';

@Controller('admin/price')
@ExemptFromFaults()
@UseGuards(AdminKeyGuard)
export class PriceAdminController {
  constructor(private readonly market: MarketService) {}

  /** Reading does not step the walk. */
  @Get()
  view(): ExchangePriceSettings {
    return this.market.describeWalk();
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  restart(@Body() request: SetPriceDto): ExchangePriceSettings {
    return this.market.restartWalk({
      mid: toDecimal(request.mid),
      seed: request.seed,
      volatility: toDecimal(request.volatility),
      band: toDecimal(request.band),
    });
  }
}

function toDecimal(text: string | undefined): Decimal | undefined {
  return text === undefined ? undefined : new Decimal(text);
}
