import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { ApiBankUserId } from './api-fields';
import { PageQueryDto } from './transaction-list.query';
import { IsBankUserId, IsMoneyAmount, MONEY_2DP_PATTERN } from './validation';

export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export const ORDER_TYPES = ['LIMIT', 'STOP'] as const;
export const ORDER_TIMES_IN_FORCE = ['GTC', 'GTD'] as const;
export const ORDER_STATUSES = ['OPEN', 'TRIGGERED', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
export type CoreOrderSide = (typeof ORDER_SIDES)[number];
export type OrderTypeName = (typeof ORDER_TYPES)[number];
export type OrderTimeInForce = (typeof ORDER_TIMES_IN_FORCE)[number];
export type OrderStatusName = (typeof ORDER_STATUSES)[number];

/** A customer's rate in AZN per USDT: a positive decimal string of at most 4 decimals, as trades answer `exchangeRate`. */
export const RATE_4DP_PATTERN = /^(0|[1-9][0-9]{0,7})(\.[0-9]{1,4})?$/;

/** The longest a GTD order may wait. */
export const ORDER_MAX_GTD_DAYS = 90;

export const ORDER_ID_EXAMPLE = '0f6b2a9e-3c1d-4e5f-8a7b-9c0d1e2f3a4b';

/** POST /api/v1/orders */
export class PlaceCoreOrderRequestDto {
  @ApiBankUserId()
  @IsBankUserId()
  bankUserId!: string;

  @ApiProperty({ type: String, enum: ORDER_SIDES, example: 'BUY', description: 'BUY: `amount` is the AZN to spend; SELL: the USDT to sell.' })
  @IsIn(ORDER_SIDES, { message: 'side must be BUY or SELL' })
  side!: CoreOrderSide;

  @ApiProperty({
    type: String,
    enum: ORDER_TYPES,
    example: 'LIMIT',
    description:
      'LIMIT: executes at a rate at or better than `limitPrice`. STOP: triggers when the rate reaches `stopPrice`, then executes at the market.',
  })
  @IsIn(ORDER_TYPES, { message: 'type must be LIMIT or STOP' })
  type!: OrderTypeName;

  @ApiProperty({
    type: String,
    example: '100.00',
    pattern: MONEY_2DP_PATTERN.source,
    description: 'AZN to spend (BUY) or USDT to sell (SELL). A decimal string with at most 2 decimals.',
  })
  @IsMoneyAmount('100.00')
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN', 'USDT'], example: 'AZN', description: 'AZN for a BUY, USDT for a SELL.' })
  @IsIn(['AZN', 'USDT'], { message: 'currency must be AZN or USDT' })
  currency!: 'AZN' | 'USDT';

  @ApiPropertyOptional({
    type: String,
    example: '1.7000',
    pattern: RATE_4DP_PATTERN.source,
    description:
      "LIMIT only, required: the worst customer rate (AZN per USDT, the bank's spread included) the order accepts: a BUY executes at or below it, a SELL at or above.",
  })
  @IsOptional()
  @IsString()
  @Matches(RATE_4DP_PATTERN, { message: 'limitPrice must be a decimal string with at most 4 decimals, e.g. "1.7000"' })
  limitPrice?: string;

  @ApiPropertyOptional({
    type: String,
    example: '1.6500',
    pattern: RATE_4DP_PATTERN.source,
    description:
      'STOP only, required: the customer rate (AZN per USDT, spread included) that triggers it: a BUY when the rate rises to it, a SELL when it falls to it; it then executes at the market.',
  })
  @IsOptional()
  @IsString()
  @Matches(RATE_4DP_PATTERN, { message: 'stopPrice must be a decimal string with at most 4 decimals, e.g. "1.6500"' })
  stopPrice?: string;

  @ApiProperty({ type: String, enum: ORDER_TIMES_IN_FORCE, example: 'GTC', description: 'GTC: until cancelled; GTD: until `expiresAt`.' })
  @IsIn(ORDER_TIMES_IN_FORCE, { message: 'timeInForce must be GTC or GTD' })
  timeInForce!: OrderTimeInForce;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-31T00:00:00.000Z',
    description: `GTD only, required: when the order expires (ISO 8601, in the future, at most ${ORDER_MAX_GTD_DAYS} days ahead).`,
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'expiresAt must be an ISO 8601 date-time, e.g. 2026-12-31T00:00:00Z' })
  expiresAt?: string;
}

/** An order as the API shows it. */
export interface OrderView {
  orderId: string;
  status: OrderStatusName;
  bankUserId: string;
  side: CoreOrderSide;
  type: OrderTypeName;
  amount: string;
  currency: 'AZN' | 'USDT';
  limitPrice: string | null;
  stopPrice: string | null;
  timeInForce: OrderTimeInForce;
  expiresAt: string | null;
  /** The trade that executed (or is executing) it: GET /api/v1/transactions/{id}. */
  transactionId: string | null;
  errorCode: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/v1/orders: filters and paging, all optional. */
export class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: String, example: 'user_123', description: "Only this customer's orders." })
  @IsOptional()
  @IsBankUserId()
  bankUserId?: string;

  @ApiPropertyOptional({ type: String, enum: ORDER_STATUSES, example: 'OPEN' })
  @IsOptional()
  @IsIn(ORDER_STATUSES, { message: `status must be one of: ${ORDER_STATUSES.join(', ')}` })
  status?: OrderStatusName;

  @ApiPropertyOptional({ type: String, enum: ORDER_SIDES, example: 'BUY' })
  @IsOptional()
  @IsIn(ORDER_SIDES, { message: 'side must be BUY or SELL' })
  side?: CoreOrderSide;
}
