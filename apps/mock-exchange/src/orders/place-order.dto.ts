import { IsDefined, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EXCHANGE_ERROR_CODES as CODES, OrderSide, OrderType, PlaceOrderRequest } from '@app/shared-types';
import { IsDecimalText } from '../decimal';
import { errorCode } from '../errors';
import { LISTED_SYMBOLS } from '../market/listed-symbols';

export const ORDER_SIDES: readonly OrderSide[] = ['BUY', 'SELL'];
export const ORDER_TYPES: readonly OrderType[] = ['MARKET'];

/** Quantities in USDT: positive, plain notation, at most 8 decimals (Binance's precision). */
export const QUANTITY_RULE = { maxDecimals: 8, min: '0', exclusiveMin: true } as const;

/** Binance's bounds: recvWindow defaults to 5000 ms and may not exceed 60000 ms. */
export const DEFAULT_RECV_WINDOW_MS = 5000;
export const MAX_RECV_WINDOW_MS = 60000;
const RECV_WINDOW_MESSAGE = `recvWindow must be a whole number of milliseconds from 1 to ${MAX_RECV_WINDOW_MS}`;

/** POST /order. No field is converted: a JSON number is not a quantity. */
export class PlaceOrderDto implements PlaceOrderRequest {
  @IsDefined()
  @IsIn(LISTED_SYMBOLS, {
    ...errorCode(CODES.UNKNOWN_SYMBOL),
    message: `symbol must be one of: ${LISTED_SYMBOLS.join(', ')}`,
  })
  symbol!: string;

  @IsDefined()
  @IsIn(ORDER_SIDES, { ...errorCode(CODES.INVALID_SIDE), message: `side must be one of: ${ORDER_SIDES.join(', ')}` })
  side!: OrderSide;

  @IsDefined()
  @IsDecimalText(QUANTITY_RULE, {
    ...errorCode(CODES.INVALID_QUANTITY),
    message: 'quantity must be a positive decimal string with at most 8 decimals and no exponent, e.g. "50.00"',
  })
  quantity!: string;

  @IsDefined()
  @IsIn(ORDER_TYPES, { ...errorCode(CODES.INVALID_TYPE), message: `type must be one of: ${ORDER_TYPES.join(', ')}` })
  type!: OrderType;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    ...errorCode(CODES.INVALID_CLIENT_ORDER_ID),
    message: 'clientOrderId must be 1 to 64 characters of A-Z, a-z, 0-9, "_" or "-"',
  })
  clientOrderId?: string;

  @IsOptional()
  @IsInt({ ...errorCode(CODES.INVALID_TIMESTAMP), message: 'timestamp must be a whole number of milliseconds since the epoch' })
  @Min(0, { ...errorCode(CODES.INVALID_TIMESTAMP), message: 'timestamp must be a whole number of milliseconds since the epoch' })
  timestamp?: number;

  @IsOptional()
  @IsInt({ ...errorCode(CODES.INVALID_RECV_WINDOW), message: RECV_WINDOW_MESSAGE })
  @Min(1, { ...errorCode(CODES.INVALID_RECV_WINDOW), message: RECV_WINDOW_MESSAGE })
  @Max(MAX_RECV_WINDOW_MS, { ...errorCode(CODES.INVALID_RECV_WINDOW), message: RECV_WINDOW_MESSAGE })
  recvWindow?: number;
}
