import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CORE_EVENT_TYPES, CoreEvent, CoreEventType } from '../bank/bank-contract';
import { FundingEventDto, OrderEventDto, TradeEventDto } from '../bank/bank-contract.dto';
import { CursorPage, CursorPageResponseDto } from './page.dto';
import { PageQueryDto, TRANSACTION_LIST_DEFAULT_LIMIT } from './transaction-list.query';

export const EVENT_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type EventDeliveryStatus = (typeof EVENT_DELIVERY_STATUSES)[number];
export const EVENT_LIST_DEFAULT_LIMIT = TRANSACTION_LIST_DEFAULT_LIMIT;

/** One event of GET /api/v1/events: what was (or will be) sent, and how its delivery went. */
export interface EventView {
  eventId: string;
  type: CoreEventType;
  transactionId: string | null;
  deliveryStatus: EventDeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: CoreEvent;
}

export type EventListData = CursorPage<EventView>;

/** GET /api/v1/events: filters and paging, all optional; query values are strings. */
export class EventListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: String, enum: CORE_EVENT_TYPES, example: 'trade.completed' })
  @IsOptional()
  @IsIn(CORE_EVENT_TYPES, { message: `type must be one of: ${CORE_EVENT_TYPES.join(', ')}` })
  type?: CoreEventType;

  @ApiPropertyOptional({ type: String, enum: EVENT_DELIVERY_STATUSES, example: 'DEAD' })
  @IsOptional()
  @IsIn(EVENT_DELIVERY_STATUSES, { message: `deliveryStatus must be one of: ${EVENT_DELIVERY_STATUSES.join(', ')}` })
  deliveryStatus?: EventDeliveryStatus;
}

const EVENT_ID = '9c8b7a6f-5e4d-4c3b-8a1f-0e9d8c7b6a50';
const TRADE_ID = '3c9e7a52-1f4b-4d8e-9b6a-7c5d4e3f2a10';

/** One event as the list shows it: a trade.completed the bank acknowledged on the first attempt. */
export const EVENT_EXAMPLE = {
  eventId: EVENT_ID,
  type: 'trade.completed',
  transactionId: TRADE_ID,
  deliveryStatus: 'DELIVERED',
  attempts: 1,
  lastError: null,
  nextAttemptAt: null,
  createdAt: '2026-11-26T10:00:01.250Z',
  deliveredAt: '2026-11-26T10:00:01.410Z',
  payload: {
    eventId: EVENT_ID,
    type: 'trade.completed',
    createdAt: '2026-11-26T10:00:01.250Z',
    data: {
      transactionId: TRADE_ID,
      type: 'BUY',
      status: 'COMPLETED',
      bankUserId: 'user_123',
      amountIn: '100.00',
      currencyIn: 'AZN',
      amountOut: '58.47',
      currencyOut: 'USDT',
      exchangeRate: '1.7100',
      errorCode: null,
    },
  },
} as const;

export const EVENT_LIST_EXAMPLE = {
  success: true,
  data: { items: [EVENT_EXAMPLE], nextCursor: 'MjAyNi0xMS0yNlQxMDowMDowMS4yNTBafDljOGI3YTZmLTVlNGQtNGMzYi04YTFmLTBlOWQ4YzdiNmE1MA' },
} as const;

/** The answer to POST /api/v1/events/{id}/redeliver: the event queued for an attempt now. */
export const EVENT_REDELIVER_EXAMPLE = {
  success: true,
  data: { ...EVENT_EXAMPLE, deliveryStatus: 'PENDING', nextAttemptAt: '2026-11-26T11:30:00.000Z' },
} as const;

@ApiExtraModels(TradeEventDto, FundingEventDto, OrderEventDto)
export class EventViewDto implements EventView {
  @ApiProperty({ type: String, format: 'uuid', example: EVENT_ID, description: 'The eventId of the payload (and the x-core-event-id header).' })
  eventId!: string;

  @ApiProperty({ type: String, enum: CORE_EVENT_TYPES, example: 'trade.completed' })
  type!: CoreEventType;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: TRADE_ID, description: 'The transaction the event announces.' })
  transactionId!: string | null;

  @ApiProperty({
    type: String,
    enum: EVENT_DELIVERY_STATUSES,
    example: 'DELIVERED',
    description: 'PENDING: waiting for (another) attempt; DELIVERED: the bank answered 2xx; DEAD: retries gave up (redeliver it).',
  })
  deliveryStatus!: EventDeliveryStatus;

  @ApiProperty({ type: Number, example: 1, description: 'Delivery attempts so far (counted again from 0 when a DEAD event is redelivered).' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why the last attempt failed (e.g. "HTTP 500", a timeout).' })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'When the next attempt is due; null unless PENDING.',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: EVENT_EXAMPLE.createdAt })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: EVENT_EXAMPLE.deliveredAt,
    description: 'The last successful delivery.',
  })
  deliveredAt!: string | null;

  @ApiProperty({
    description: 'The webhook body exactly as signed and sent (the event catalogue: docs/bank-integration.md).',
    oneOf: [{ $ref: getSchemaPath(TradeEventDto) }, { $ref: getSchemaPath(FundingEventDto) }, { $ref: getSchemaPath(OrderEventDto) }],
  })
  payload!: CoreEvent;
}

export const EventListResponseDto = CursorPageResponseDto(EventViewDto, 'EventList');

export class EventResponseDto {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  success!: true;

  @ApiProperty({ type: EventViewDto })
  data!: EventViewDto;
}
