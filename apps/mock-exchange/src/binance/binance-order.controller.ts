import { Controller, Get, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiBinanceErrors } from './binance-api-errors.decorator';
import { BinanceExceptionFilter } from './binance-exception.filter';
import { BinanceOrdersService } from './binance-orders.service';
import { BinanceSignedRequest } from './binance-signed-request';

const FILLED_EXAMPLE = {
  symbol: 'USDTAZN',
  orderId: 28,
  orderListId: -1,
  clientOrderId: '7f8e4c3a-1b2d-4e5f-8a9b-0c1d2e3f4a5b',
  transactTime: 1764800000000,
  price: '0.00000000',
  origQty: '58.47000000',
  executedQty: '58.47000000',
  cummulativeQuoteQty: '98.50437300',
  status: 'FILLED',
  timeInForce: 'GTC',
  type: 'MARKET',
  side: 'BUY',
  workingTime: 1764800000000,
  origQuoteOrderQty: '0.00000000',
  selfTradePreventionMode: 'NONE',
  fills: [{ price: '1.68470000', qty: '58.47000000', commission: '0.00000000', commissionAsset: 'AZN', tradeId: 28 }],
};

/** Binance Spot's signed order routes (rest-api.md "New order (TRADE)" and "Query order (USER_DATA)"). */
@ApiTags('binance')
@ApiBinanceErrors()
@ApiHeader({ name: 'X-MBX-APIKEY', required: true, description: 'MOCK_EXCHANGE_BINANCE_API_KEY' })
@Controller('api/v3/order')
@UseFilters(BinanceExceptionFilter)
export class BinanceOrderController {
  constructor(
    private readonly request: BinanceSignedRequest,
    private readonly orders: BinanceOrdersService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Binance's POST /api/v3/order: MARKET only, parameters in the query string or a form body, signed (HMAC-SHA256)",
  })
  @ApiQuery({ name: 'symbol', required: true, example: 'USDTAZN' })
  @ApiQuery({ name: 'side', required: true, enum: ['BUY', 'SELL'] })
  @ApiQuery({ name: 'type', required: true, enum: ['MARKET'] })
  @ApiQuery({ name: 'quantity', required: true, example: '58.47' })
  @ApiQuery({ name: 'newClientOrderId', required: false })
  @ApiQuery({ name: 'newOrderRespType', required: false, enum: ['ACK', 'RESULT', 'FULL'] })
  @ApiQuery({ name: 'recvWindow', required: false, example: 5000 })
  @ApiQuery({ name: 'timestamp', required: true, example: 1764800000000 })
  @ApiQuery({ name: 'signature', required: true })
  @ApiOkResponse({ schema: { type: 'object' }, example: FILLED_EXAMPLE })
  place(@Req() req: Request): Record<string, unknown> {
    return this.orders.place(this.request.signed(req));
  }

  @Get()
  @ApiOperation({ summary: "Binance's GET /api/v3/order by origClientOrderId, signed; -2013 when there is no such order" })
  @ApiQuery({ name: 'symbol', required: true, example: 'USDTAZN' })
  @ApiQuery({ name: 'origClientOrderId', required: true })
  @ApiQuery({ name: 'recvWindow', required: false, example: 5000 })
  @ApiQuery({ name: 'timestamp', required: true, example: 1764800000000 })
  @ApiQuery({ name: 'signature', required: true })
  @ApiOkResponse({ schema: { type: 'object' } })
  find(@Req() req: Request): Record<string, unknown> {
    return this.orders.find(this.request.signed(req));
  }
}
