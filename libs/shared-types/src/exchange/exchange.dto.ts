import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiErrorExamples, ErrorExample } from '../openapi/api-error-examples';
import {
  EXCHANGE_ERROR_CODES as CODES,
  ExchangeFaultSettings,
  ExchangePriceSettings,
  FAULT_SCOPES,
  FaultScope,
  SetExchangePriceRequest,
  UpdateExchangeFaultsRequest,
} from './exchange-admin-contract';
import {
  EXCHANGE_SYMBOL,
  ExchangeErrorResponse,
  OrderResponse,
  OrderSide,
  OrderStatus,
  OrderType,
  PlaceOrderRequest,
  TickerResponse,
} from './exchange-contract';

/*
 * The Mock Exchange's contract as OpenAPI schemas. The apps validate with their own DTOs;
 * these classes only describe the wire shapes (examples from apps/mock-exchange/README.md).
 */

const SIDES: OrderSide[] = ['BUY', 'SELL'];

export const ORDER_EXAMPLE = {
  orderId: 'ex_4f1c2a9b7d3e4e0f8a6b5c4d3e2f1a0b',
  status: 'FILLED',
  executedPrice: '1.7050',
  executedQty: '50.00',
  clientOrderId: 't-1',
  side: 'BUY',
  symbol: EXCHANGE_SYMBOL,
} as const;

export class TickerResponseDto implements TickerResponse {
  @ApiProperty({ type: String, example: EXCHANGE_SYMBOL })
  symbol!: string;

  @ApiProperty({ type: String, example: '1.7050', description: 'AZN per USDT, exactly 4 decimals.' })
  price!: string;

  @ApiProperty({ type: 'integer', example: 1715000000, description: 'Unix seconds.' })
  timestamp!: number;
}

export class PlaceOrderRequestDto implements PlaceOrderRequest {
  @ApiProperty({ type: String, enum: [EXCHANGE_SYMBOL], example: EXCHANGE_SYMBOL })
  symbol!: string;

  @ApiProperty({ type: String, enum: SIDES, example: 'BUY' })
  side!: OrderSide;

  @ApiProperty({
    type: String,
    example: '50.00',
    pattern: '^[0-9]+(\\.[0-9]{1,8})?$',
    description: 'USDT, a positive decimal string in plain notation, at most 8 decimals.',
  })
  quantity!: string;

  @ApiProperty({ type: String, enum: ['MARKET'], example: 'MARKET' })
  type!: OrderType;

  @ApiPropertyOptional({
    type: String,
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    example: 't-1',
    description: "The caller's id for the order: a repeat answers the first fill instead of filling again.",
  })
  clientOrderId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 1764800000000,
    description:
      'When the order was made, in milliseconds since the epoch (as Binance). The exchange refuses the order (400 OUTSIDE_RECV_WINDOW) when it arrives after timestamp + recvWindow, or when timestamp is more than 1000 ms ahead of its clock.',
  })
  timestamp?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 60000,
    example: 5000,
    description: 'Milliseconds after timestamp during which the order may still be accepted (default 5000). Ignored without timestamp.',
  })
  recvWindow?: number;
}

export class OrderResponseDto implements OrderResponse {
  @ApiProperty({ type: String, example: ORDER_EXAMPLE.orderId })
  orderId!: string;

  @ApiProperty({
    type: String,
    enum: ['FILLED', 'REJECTED', 'EXPIRED'],
    example: 'FILLED',
    description: 'EXPIRED: the order ended with executedQty executed (the partialFill fault).',
  })
  status!: OrderStatus;

  @ApiProperty({ type: String, example: '1.7050', description: 'AZN per USDT, 4 decimals.' })
  executedPrice!: string;

  @ApiProperty({ type: String, example: '50.00', description: 'The quantity exactly as sent.' })
  executedQty!: string;

  @ApiPropertyOptional({ type: String, example: 't-1' })
  clientOrderId?: string;

  @ApiPropertyOptional({ type: String, enum: SIDES, example: 'BUY' })
  side?: OrderSide;

  @ApiPropertyOptional({ type: String, example: EXCHANGE_SYMBOL })
  symbol?: string;
}

/** Every error of the Mock Exchange. */
export class ExchangeErrorResponseDto implements ExchangeErrorResponse {
  @ApiProperty({ type: String, enum: Object.values(CODES), example: CODES.ORDER_NOT_FOUND })
  code!: string;

  @ApiProperty({ type: String, example: 'No order has orderId or clientOrderId "t-404"' })
  message!: string;
}

export class ExchangeFaultSettingsDto implements ExchangeFaultSettings {
  @ApiProperty({ type: Boolean, example: false, description: 'Every exchange endpoint answers 503 EXCHANGE_UNAVAILABLE.' })
  down!: boolean;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, example: 0, description: 'The fraction of calls that answer 500 EXCHANGE_INTERNAL_ERROR.' })
  errorRate!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 600000, example: 0, description: 'Milliseconds added before every answer.' })
  latencyMs!: number;

  @ApiProperty({ type: Boolean, example: false, description: 'Requests are never answered.' })
  hang!: boolean;

  @ApiProperty({ type: Boolean, example: false, description: 'New orders fill but their answer is never sent.' })
  loseResponses!: boolean;

  @ApiProperty({ type: String, enum: FAULT_SCOPES, example: 'all', description: 'Which endpoints the faults act on.' })
  scope!: FaultScope;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Largest quantity that fills (USDT); null: no limit.' })
  liquidityLimit!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Largest quantity an order executes (USDT): a larger one executes this much and ends EXPIRED; null: off.',
  })
  partialFill!: string | null;

  @ApiProperty({ type: String, example: '0', description: 'Relative shift of every price, e.g. "0.02" = +2%.' })
  priceJump!: string;
}

/** PUT /admin/faults: any subset of the switches. */
export class UpdateExchangeFaultsRequestDto implements UpdateExchangeFaultsRequest {
  @ApiPropertyOptional({ type: Boolean, example: true })
  down?: boolean;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1, example: 0.3 })
  errorRate?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 600000, example: 2000 })
  latencyMs?: number;

  @ApiPropertyOptional({ type: Boolean })
  hang?: boolean;

  @ApiPropertyOptional({ type: Boolean })
  loseResponses?: boolean;

  @ApiPropertyOptional({ type: String, enum: FAULT_SCOPES })
  scope?: FaultScope;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1000.00', description: 'null lifts the limit.' })
  liquidityLimit?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '10.00', description: 'null turns it off.' })
  partialFill?: string | null;

  @ApiPropertyOptional({ type: String, example: '0.02', description: '-0.5..0.5' })
  priceJump?: string;
}

/** POST /admin/price: settings left out keep their value. */
export class SetExchangePriceRequestDto implements SetExchangePriceRequest {
  @ApiPropertyOptional({ type: String, example: '1.7000', description: 'AZN per USDT, at most 4 decimals.' })
  mid?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 4294967295, example: 42 })
  seed?: number;

  @ApiPropertyOptional({ type: String, example: '0', description: 'Largest relative move per step; "0" pins the price.' })
  volatility?: string;

  @ApiPropertyOptional({ type: String, example: '0.01', description: 'The walk stays within mid × (1 ± band).' })
  band?: string;
}

export class ExchangePriceSettingsDto implements ExchangePriceSettings {
  @ApiProperty({ type: String, example: '1.7000' })
  mid!: string;

  @ApiProperty({ type: 'integer', example: 42 })
  seed!: number;

  @ApiProperty({ type: String, example: '0.0005' })
  volatility!: string;

  @ApiProperty({ type: String, example: '0.01' })
  band!: string;

  @ApiProperty({ type: String, example: '1.6830' })
  lowerBound!: string;

  @ApiProperty({ type: String, example: '1.7170' })
  upperBound!: string;

  @ApiProperty({ type: String, example: '1.7050', description: 'Where the walk stands now; reading it does not step.' })
  walkPrice!: string;

  @ApiProperty({ type: 'integer', example: 12 })
  steps!: number;
}

function exchangeError(status: number, code: string, message: string) {
  return { status, code, summary: code, value: { code, message } };
}

/** The Mock Exchange's error answers with literal bodies (apps/mock-exchange/src/errors). */
export const EXCHANGE_ERROR_EXAMPLES = {
  INVALID_REQUEST: exchangeError(400, CODES.INVALID_REQUEST, 'price is not a known field'),
  UNKNOWN_SYMBOL: exchangeError(400, CODES.UNKNOWN_SYMBOL, 'symbol must be one of: AZNUSDT'),
  INVALID_SIDE: exchangeError(400, CODES.INVALID_SIDE, 'side must be one of: BUY, SELL'),
  INVALID_TYPE: exchangeError(400, CODES.INVALID_TYPE, 'type must be one of: MARKET'),
  INVALID_QUANTITY: exchangeError(
    400,
    CODES.INVALID_QUANTITY,
    'quantity must be a positive decimal string with at most 8 decimals and no exponent, e.g. "50.00"',
  ),
  INVALID_CLIENT_ORDER_ID: exchangeError(400, CODES.INVALID_CLIENT_ORDER_ID, 'clientOrderId must be 1 to 64 characters of A-Z, a-z, 0-9, "_" or "-"'),
  INVALID_TIMESTAMP: exchangeError(400, CODES.INVALID_TIMESTAMP, 'timestamp must be a whole number of milliseconds since the epoch'),
  INVALID_RECV_WINDOW: exchangeError(400, CODES.INVALID_RECV_WINDOW, 'recvWindow must be a whole number of milliseconds from 1 to 60000'),
  OUTSIDE_RECV_WINDOW: exchangeError(
    400,
    CODES.OUTSIDE_RECV_WINDOW,
    'The order arrived 5200 ms after its timestamp, outside its recvWindow of 5000 ms; it was not filled',
  ),
  UNAUTHORIZED: exchangeError(401, CODES.UNAUTHORIZED, 'A valid x-admin-key header is required'),
  ORDER_NOT_FOUND: exchangeError(404, CODES.ORDER_NOT_FOUND, 'No order has orderId or clientOrderId "t-404"'),
  CLIENT_ORDER_ID_REUSED: exchangeError(
    409,
    CODES.CLIENT_ORDER_ID_REUSED,
    'clientOrderId "t-1" already belongs to order ex_4f1c2a9b7d3e4e0f8a6b5c4d3e2f1a0b, which has side BUY',
  ),
  INSUFFICIENT_LIQUIDITY: exchangeError(
    422,
    CODES.INSUFFICIENT_LIQUIDITY,
    'Quantity 5000.00 exceeds the available liquidity of 1000.00; the order was not filled',
  ),
  EXCHANGE_INTERNAL_ERROR: exchangeError(500, CODES.EXCHANGE_INTERNAL_ERROR, 'The exchange failed to process the request'),
  EXCHANGE_UNAVAILABLE: exchangeError(503, CODES.EXCHANGE_UNAVAILABLE, 'The exchange is unavailable'),
} satisfies Record<string, ErrorExample>;

export type ExchangeErrorExampleName = keyof typeof EXCHANGE_ERROR_EXAMPLES;

export const ApiExchangeErrors = (...names: ExchangeErrorExampleName[]): MethodDecorator & ClassDecorator =>
  ApiErrorExamples(ExchangeErrorResponseDto, EXCHANGE_ERROR_EXAMPLES, names);
