import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiExchangeErrors, ORDER_EXAMPLE, OrderResponse, OrderResponseDto, PlaceOrderRequestDto } from '@app/shared-types';
import { toOrderResponse } from './filled-order';
import { OrderBookService } from './order-book.service';
import { PlaceOrderDto } from './place-order.dto';

@ApiTags('orders')
@Controller('order')
export class OrdersController {
  constructor(private readonly orderBook: OrderBookService) {}

  /** 201 for a fill, and also for a repeated clientOrderId, which returns the first fill. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'A market order that fills whole at once; a repeated clientOrderId answers the first fill' })
  @ApiBody({
    type: PlaceOrderRequestDto,
    examples: { buy: { summary: 'Buy 50 USDT', value: { symbol: 'AZNUSDT', side: 'BUY', quantity: '50.00', type: 'MARKET', clientOrderId: 't-1' } } },
  })
  @ApiCreatedResponse({ type: OrderResponseDto, example: ORDER_EXAMPLE })
  @ApiExchangeErrors(
    'INVALID_REQUEST',
    'UNKNOWN_SYMBOL',
    'INVALID_SIDE',
    'INVALID_TYPE',
    'INVALID_QUANTITY',
    'INVALID_CLIENT_ORDER_ID',
    'INVALID_TIMESTAMP',
    'INVALID_RECV_WINDOW',
    'OUTSIDE_RECV_WINDOW',
    'CLIENT_ORDER_ID_REUSED',
    'INSUFFICIENT_LIQUIDITY',
    'EXCHANGE_INTERNAL_ERROR',
    'EXCHANGE_UNAVAILABLE',
  )
  place(@Body() request: PlaceOrderDto): OrderResponse {
    return toOrderResponse(this.orderBook.place(request).order);
  }

  /** By orderId or clientOrderId: lets a client settle an order whose answer it never got. */
  @Get(':id')
  @ApiOperation({ summary: 'An order by orderId or clientOrderId' })
  @ApiParam({ name: 'id', description: 'An orderId, or else a clientOrderId', example: 't-1' })
  @ApiOkResponse({ type: OrderResponseDto, example: ORDER_EXAMPLE })
  @ApiExchangeErrors('ORDER_NOT_FOUND', 'EXCHANGE_INTERNAL_ERROR', 'EXCHANGE_UNAVAILABLE')
  find(@Param('id') id: string): OrderResponse {
    return toOrderResponse(this.orderBook.find(id));
  }
}
