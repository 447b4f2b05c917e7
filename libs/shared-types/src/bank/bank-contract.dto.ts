import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSACTION_ID_EXAMPLE } from '../core-api/api-fields';
import {
  AcknowledgedOperation,
  AcknowledgementRequest,
  AcknowledgementResponse,
  FundingEvent,
  FundingEventType,
  OrderEvent,
  OrderEventType,
  TradeEvent,
  TradeEventType,
} from './bank-contract';

/*
 * What the Core Engine sends a bank (docs/bank-integration.md), as OpenAPI schemas: the
 * signed acknowledgement request and the signed webhooks (trade, deposit and withdrawal events).
 */

const REFERENCE = '0f3c2b1a-9d8e-4c7b-a6f5-e4d3c2b1a090';
const CURRENCIES = ['AZN', 'USDT'];

export class AcknowledgementRequestDto implements AcknowledgementRequest {
  @ApiProperty({ type: String, example: REFERENCE, description: "The core's transaction id: the bank applies one reference once." })
  reference!: string;

  @ApiProperty({ type: String, enum: ['DEPOSIT', 'WITHDRAWAL'], example: 'DEPOSIT' })
  operation!: AcknowledgedOperation;

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: String, example: '100.00', description: '2 decimals.' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  currency!: 'AZN';
}

export class AcknowledgementResponseDto implements AcknowledgementResponse {
  @ApiProperty({ type: String, example: REFERENCE })
  reference!: string;

  @ApiProperty({ type: Boolean, example: true, description: 'false is a refusal: nothing moved, and the core credits nothing.' })
  acknowledged!: boolean;

  @ApiPropertyOptional({ type: String, example: "insufficient funds in the customer's bank account (30.00 AZN)" })
  reason?: string;
}

export class TradeEventDataDto {
  @ApiProperty({ type: String, example: TRANSACTION_ID_EXAMPLE })
  transactionId!: string;

  @ApiProperty({ type: String, enum: ['BUY', 'SELL'], example: 'BUY' })
  type!: 'BUY' | 'SELL';

  @ApiProperty({ type: String, enum: ['PENDING', 'COMPLETED', 'FAILED'], example: 'COMPLETED', description: 'PENDING only in trade.pending.' })
  status!: 'PENDING' | 'COMPLETED' | 'FAILED';

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: String, example: '100.00' })
  amountIn!: string;

  @ApiProperty({ type: String, enum: CURRENCIES, example: 'AZN' })
  currencyIn!: 'AZN' | 'USDT';

  @ApiProperty({ type: String, example: '58.47' })
  amountOut!: string;

  @ApiProperty({ type: String, enum: CURRENCIES, example: 'USDT' })
  currencyOut!: 'AZN' | 'USDT';

  @ApiProperty({ type: String, nullable: true, example: '1.7100' })
  exchangeRate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  errorCode!: string | null;
}

/** The body of a trade webhook (trade.pending, trade.completed, trade.failed); the bank dedupes by eventId. */
export class TradeEventDto implements TradeEvent {
  @ApiProperty({ type: String, example: '9c8b7a6f-5e4d-4c3b-8a1f-0e9d8c7b6a50' })
  eventId!: string;

  @ApiProperty({ type: String, enum: ['trade.pending', 'trade.completed', 'trade.failed'], example: 'trade.completed' })
  type!: TradeEventType;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T10:00:01.250Z' })
  createdAt!: string;

  @ApiProperty({ type: TradeEventDataDto })
  data!: TradeEventDataDto;
}

export class FundingEventDataDto {
  @ApiProperty({ type: String, format: 'uuid', example: REFERENCE })
  transactionId!: string;

  @ApiProperty({ type: String, enum: ['DEPOSIT', 'WITHDRAWAL'], example: 'DEPOSIT' })
  type!: 'DEPOSIT' | 'WITHDRAWAL';

  @ApiProperty({ type: String, enum: ['COMPLETED', 'FAILED'], example: 'COMPLETED' })
  status!: 'COMPLETED' | 'FAILED';

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: String, example: '100.00', description: '2 decimals.' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  currency!: 'AZN';

  @ApiProperty({ type: String, nullable: true, example: null, description: "FAILED: the error answer's errorCode." })
  errorCode!: string | null;
}

/** The body of a deposit or withdrawal webhook, sent once the movement is final; the bank dedupes by eventId. */
export class FundingEventDto implements FundingEvent {
  @ApiProperty({ type: String, example: '4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b10' })
  eventId!: string;

  @ApiProperty({
    type: String,
    enum: ['deposit.completed', 'deposit.failed', 'withdrawal.completed', 'withdrawal.failed'],
    example: 'deposit.completed',
  })
  type!: FundingEventType;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T10:00:00.500Z' })
  createdAt!: string;

  @ApiProperty({ type: FundingEventDataDto })
  data!: FundingEventDataDto;
}

export class OrderEventDataDto {
  @ApiProperty({ type: String, format: 'uuid', example: '0f6b2a9e-3c1d-4e5f-8a7b-9c0d1e2f3a4b' })
  orderId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: TRANSACTION_ID_EXAMPLE,
    description: "The order's trade (order.filled, order.failed); null before it executed.",
  })
  transactionId!: string | null;

  @ApiProperty({ type: String, enum: ['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED'], example: 'FILLED' })
  status!: OrderEvent['data']['status'];

  @ApiProperty({ type: String, enum: ['BUY', 'SELL'], example: 'BUY' })
  side!: 'BUY' | 'SELL';

  @ApiProperty({ type: String, enum: ['LIMIT', 'STOP'], example: 'LIMIT' })
  type!: 'LIMIT' | 'STOP';

  @ApiProperty({ type: String, example: 'user_123' })
  bankUserId!: string;

  @ApiProperty({ type: String, example: '100.00', description: '2 decimals: AZN on a BUY, USDT on a SELL.' })
  amount!: string;

  @ApiProperty({ type: String, enum: ['AZN', 'USDT'], example: 'AZN' })
  currency!: 'AZN' | 'USDT';

  @ApiProperty({ type: String, nullable: true, example: '1.7000' })
  limitPrice!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  stopPrice!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1.6951', description: "order.filled: the trade's customer rate, 4 decimals." })
  exchangeRate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: "order.failed: the trade's error code." })
  errorCode!: string | null;
}

/** The body of an order webhook (docs/orders.md); the bank dedupes by eventId. */
export class OrderEventDto implements OrderEvent {
  @ApiProperty({ type: String, example: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d' })
  eventId!: string;

  @ApiProperty({ type: String, enum: ['order.placed', 'order.filled', 'order.cancelled', 'order.expired', 'order.failed'], example: 'order.filled' })
  type!: OrderEventType;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-08T10:05:00.250Z' })
  createdAt!: string;

  @ApiProperty({ type: OrderEventDataDto })
  data!: OrderEventDataDto;
}

export class WebhookReceiptDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  received!: true;

  @ApiProperty({ type: Boolean, example: false, description: 'The event had been received before: counted, not applied again.' })
  duplicate!: boolean;
}
