import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  API_KEY_SECURITY,
  ApiCoreErrors,
  CoreOrderResponseDto,
  CursorPage,
  IDEMPOTENCY_KEY_ALIAS_HEADER_DOC,
  IDEMPOTENCY_KEY_HEADER_DOC,
  ORDER_CANCELLED_EXAMPLE,
  ORDER_FILLED_EXAMPLE,
  ORDER_ID_EXAMPLE,
  ORDER_LIST_EXAMPLE,
  ORDER_OPEN_EXAMPLE,
  OrderListQueryDto,
  OrderListResponseDto,
  OrderView,
  PlaceCoreOrderRequestDto,
} from '@app/shared-types';
import { ApiKeyGuard, BankContext, CurrentBank } from '../auth';
import { SuccessEnvelope } from '../errors';
import { IdempotencyKey, sendResult } from '../http';
import { CancelOrderUseCase } from './cancel/cancel-order.use-case';
import { PlaceOrderUseCase } from './place/place-order.use-case';
import { OrdersQuery } from './read/orders.query';

@ApiTags('orders')
@ApiSecurity(API_KEY_SECURITY)
@ApiCoreErrors('MISSING_API_KEY', 'INVALID_API_KEY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_BUSY')
@Controller('api/v1/orders')
@UseGuards(ApiKeyGuard)
export class OrdersController {
  constructor(
    private readonly place: PlaceOrderUseCase,
    private readonly cancelOrder: CancelOrderUseCase,
    private readonly orders: OrdersQuery,
  ) {}

  /** 201 OPEN, its funds held; or an error envelope. */
  @Post()
  @ApiOperation({ summary: 'Places a limit or stop order: its funds are held until it executes, is cancelled or expires (docs/orders.md)' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiHeader(IDEMPOTENCY_KEY_ALIAS_HEADER_DOC)
  @ApiBody({
    type: PlaceCoreOrderRequestDto,
    examples: {
      buyLimit: {
        summary: 'Buy 100 AZN of USDT at 1.7000 or better, until cancelled',
        value: { bankUserId: 'user_123', side: 'BUY', type: 'LIMIT', amount: '100.00', currency: 'AZN', limitPrice: '1.7000', timeInForce: 'GTC' },
      },
      sellStop: {
        summary: 'Sell 50 USDT if the rate falls to 1.6500, until a date',
        value: {
          bankUserId: 'user_123',
          side: 'SELL',
          type: 'STOP',
          amount: '50.00',
          currency: 'USDT',
          stopPrice: '1.6500',
          timeInForce: 'GTD',
          expiresAt: '2026-12-31T00:00:00.000Z',
        },
      },
    },
  })
  @ApiCreatedResponse({ description: 'OPEN', type: CoreOrderResponseDto, example: ORDER_OPEN_EXAMPLE })
  @ApiCoreErrors(
    'VALIDATION_ERROR',
    'MALFORMED_JSON',
    'INVALID_ORDER_PRICE',
    'INVALID_ORDER_EXPIRY',
    'MISSING_IDEMPOTENCY_KEY',
    'INVALID_IDEMPOTENCY_KEY',
    'IDEMPOTENCY_KEY_CONFLICT',
    'USER_NOT_FOUND',
    'IDEMPOTENCY_IN_PROGRESS',
    'CONCURRENT_UPDATE',
    'INSUFFICIENT_FUNDS',
    'AMOUNT_TOO_SMALL',
    'AMOUNT_TOO_LARGE',
    'LIMIT_EXCEEDED',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
  )
  async placeOrder(
    @CurrentBank() bank: BankContext,
    @IdempotencyKey() key: string,
    @Body() body: PlaceCoreOrderRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendResult(res, await this.place.execute(bank, key, body));
  }

  @Get()
  @ApiOperation({ summary: "The bank's limit and stop orders, newest first, a page at a time (follow nextCursor)" })
  @ApiOkResponse({ type: OrderListResponseDto, example: ORDER_LIST_EXAMPLE })
  @ApiCoreErrors('VALIDATION_ERROR')
  async list(@CurrentBank() bank: BankContext, @Query() query: OrderListQueryDto): Promise<SuccessEnvelope<CursorPage<OrderView>>> {
    return { success: true, data: await this.orders.list(bank.id, query) };
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the bank's orders, with the transactionId of its trade once it executed" })
  @ApiParam({ name: 'id', description: 'The order id (a UUID)', example: ORDER_ID_EXAMPLE })
  @ApiOkResponse({ type: CoreOrderResponseDto, example: ORDER_FILLED_EXAMPLE })
  @ApiCoreErrors('ORDER_NOT_FOUND')
  async get(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<OrderView>> {
    return { success: true, data: await this.orders.get(bank.id, id) };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancels an OPEN order: its hold is released in the same database transaction' })
  @ApiParam({ name: 'id', description: 'The order id (a UUID)', example: ORDER_ID_EXAMPLE })
  @ApiOkResponse({ description: 'CANCELLED (also for a repeated cancel)', type: CoreOrderResponseDto, example: ORDER_CANCELLED_EXAMPLE })
  @ApiCoreErrors('ORDER_NOT_FOUND', 'ORDER_NOT_OPEN')
  async cancel(@CurrentBank() bank: BankContext, @Param('id') id: string): Promise<SuccessEnvelope<OrderView>> {
    return { success: true, data: await this.cancelOrder.execute(bank, id) };
  }
}
