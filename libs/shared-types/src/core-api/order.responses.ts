import { ApiProperty } from '@nestjs/swagger';
import { TRANSACTION_ID_EXAMPLE } from './api-fields';
import {
  ORDER_ID_EXAMPLE,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TIMES_IN_FORCE,
  ORDER_TYPES,
  CoreOrderSide,
  OrderStatusName,
  OrderTimeInForce,
  OrderTypeName,
  OrderView,
} from './order.dto';
import { CursorPageResponseDto } from './page.dto';

/** A BUY LIMIT order waiting: 100.00 AZN of USDT at a customer rate of 1.7000 or better. */
export const ORDER_OPEN_EXAMPLE = {
  success: true,
  data: {
    orderId: ORDER_ID_EXAMPLE,
    status: 'OPEN',
    bankUserId: 'user_123',
    side: 'BUY',
    type: 'LIMIT',
    amount: '100.00',
    currency: 'AZN',
    limitPrice: '1.7000',
    stopPrice: null,
    timeInForce: 'GTC',
    expiresAt: null,
    transactionId: null,
    errorCode: null,
    createdAt: '2026-12-08T10:00:00.000Z',
    updatedAt: '2026-12-08T10:00:00.000Z',
  },
} as const;

export const ORDER_FILLED_EXAMPLE = {
  success: true,
  data: { ...ORDER_OPEN_EXAMPLE.data, status: 'FILLED', transactionId: TRANSACTION_ID_EXAMPLE, updatedAt: '2026-12-08T10:05:00.250Z' },
} as const;

export const ORDER_CANCELLED_EXAMPLE = {
  success: true,
  data: { ...ORDER_OPEN_EXAMPLE.data, status: 'CANCELLED', updatedAt: '2026-12-08T10:01:00.000Z' },
} as const;

export const ORDER_LIST_EXAMPLE = { success: true, data: { items: [ORDER_OPEN_EXAMPLE.data], nextCursor: null } } as const;

export class OrderViewDto implements OrderView {
  @ApiProperty({ type: String, format: 'uuid', example: ORDER_ID_EXAMPLE })
  orderId!: string;

  @ApiProperty({
    type: String,
    enum: ORDER_STATUSES,
    example: 'OPEN',
    description:
      'OPEN: waiting, its funds held; TRIGGERED: its trade is running; FILLED: its trade completed; CANCELLED, EXPIRED: the hold released; FAILED: its trade failed (the exchange rejected it), the hold released.',
  })
  status!: OrderStatusName;

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: String, enum: ORDER_SIDES, example: 'BUY' })
  side!: CoreOrderSide;

  @ApiProperty({ type: String, enum: ORDER_TYPES, example: 'LIMIT' })
  type!: OrderTypeName;

  @ApiProperty({ type: String, example: '100.00', description: 'AZN to spend (BUY) or USDT to sell (SELL), 2 decimals.' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN', 'USDT'], example: 'AZN' })
  currency!: 'AZN' | 'USDT';

  @ApiProperty({ type: String, nullable: true, example: '1.7000', description: 'LIMIT: the worst customer rate accepted, 4 decimals.' })
  limitPrice!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'STOP: the customer rate that triggers it, 4 decimals.' })
  stopPrice!: string | null;

  @ApiProperty({ type: String, enum: ORDER_TIMES_IN_FORCE, example: 'GTC' })
  timeInForce!: OrderTimeInForce;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  expiresAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'The trade of the order once it executes: GET /api/v1/transactions/{id}.',
  })
  transactionId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: "FAILED: the trade's error code (e.g. INSUFFICIENT_LIQUIDITY)." })
  errorCode!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: ORDER_OPEN_EXAMPLE.data.createdAt })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', example: ORDER_OPEN_EXAMPLE.data.updatedAt })
  updatedAt!: string;
}

export class CoreOrderResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: OrderViewDto })
  data!: OrderViewDto;
}

export const OrderListResponseDto = CursorPageResponseDto(OrderViewDto, 'OrderList');
