import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import Decimal from 'decimal.js';
import {
  ADMIN_KEY_SECURITY,
  ApiExchangeErrors,
  ExchangePriceSettings,
  ExchangePriceSettingsDto,
  SetExchangePriceRequestDto,
} from '@app/shared-types';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { MarketService } from '../market/market.service';
import { AdminKeyGuard } from './admin-key.guard';
import { SetPriceDto } from './set-price.dto';

@ApiTags('admin')
@ApiSecurity(ADMIN_KEY_SECURITY)
@ApiExchangeErrors('UNAUTHORIZED')
@Controller('admin/price')
@ExemptFromFaults()
@UseGuards(AdminKeyGuard)
export class PriceAdminController {
  constructor(private readonly market: MarketService) {}

  /** Reading does not step the walk. */
  @Get()
  @ApiOperation({ summary: "The price walk's settings and where it stands; does not step it" })
  @ApiOkResponse({ type: ExchangePriceSettingsDto })
  view(): ExchangePriceSettings {
    return this.market.describeWalk();
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Restarts the price walk at mid (or the current mid) with these settings' })
  @ApiBody({ type: SetExchangePriceRequestDto, examples: { pin: { summary: 'Pin the price', value: { mid: '1.7000', volatility: '0' } } } })
  @ApiOkResponse({ type: ExchangePriceSettingsDto })
  @ApiExchangeErrors('INVALID_REQUEST')
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
