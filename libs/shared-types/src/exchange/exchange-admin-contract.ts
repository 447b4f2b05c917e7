/**
 * Additions to the Mock Exchange contract: the stable error codes and the admin API that
 * switches its faults and moves its price at run time. Decimals travel as strings.
 */

/** Header carrying the admin key (env MOCK_EXCHANGE_ADMIN_KEY) on every /admin call. */
export const EXCHANGE_ADMIN_KEY_HEADER = 'x-admin-key';

/** The `code` of an ExchangeErrorResponse, with the HTTP status it travels with. */
export const EXCHANGE_ERROR_CODES = {
  /** 400: malformed body or query, a missing or unknown field. */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** 400 */
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  /** 400 */
  INVALID_SIDE: 'INVALID_SIDE',
  /** 400 */
  INVALID_TYPE: 'INVALID_TYPE',
  /** 400: not a positive decimal string with at most 8 decimals. */
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  /** 400: not 1..64 characters of [A-Za-z0-9_-]. */
  INVALID_CLIENT_ORDER_ID: 'INVALID_CLIENT_ORDER_ID',
  /** 400: timestamp is not a whole number of milliseconds since the epoch. */
  INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  /** 400: recvWindow is not a whole number of milliseconds from 1 to 60000. */
  INVALID_RECV_WINDOW: 'INVALID_RECV_WINDOW',
  /** 400: the order arrived after timestamp + recvWindow (or timestamp is over 1 s ahead of the exchange's clock); nothing was filled. */
  OUTSIDE_RECV_WINDOW: 'OUTSIDE_RECV_WINDOW',
  /** 401: admin key missing or wrong. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** 404: GET /order/:id knows neither an orderId nor a clientOrderId of that value. */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** 404: no such route. */
  NOT_FOUND: 'NOT_FOUND',
  /** 409: a clientOrderId already used for a different order (side, quantity, symbol or type). */
  CLIENT_ORDER_ID_REUSED: 'CLIENT_ORDER_ID_REUSED',
  /** 422: the quantity exceeds the liquidity the exchange has; nothing was filled. */
  INSUFFICIENT_LIQUIDITY: 'INSUFFICIENT_LIQUIDITY',
  /** 500: an injected failure (fault errorRate); the request did not reach the order book. */
  EXCHANGE_INTERNAL_ERROR: 'EXCHANGE_INTERNAL_ERROR',
  /** 500: an unexpected failure of the mock itself. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** 503: the exchange is down (fault down); the request did not reach the order book. */
  EXCHANGE_UNAVAILABLE: 'EXCHANGE_UNAVAILABLE',
} as const;

export type ExchangeErrorCode = (typeof EXCHANGE_ERROR_CODES)[keyof typeof EXCHANGE_ERROR_CODES];

export type FaultScope = 'all' | 'orders';
export const FAULT_SCOPES: readonly FaultScope[] = ['all', 'orders'];

/** GET /admin/faults, and the answer of PUT /admin/faults and POST /admin/faults/reset. */
export interface ExchangeFaultSettings {
  /** Every exchange endpoint answers 503 EXCHANGE_UNAVAILABLE. */
  down: boolean;
  /** 0..1: the fraction of exchange calls that answer 500 EXCHANGE_INTERNAL_ERROR (seeded draws). */
  errorRate: number;
  /** Milliseconds added before every exchange answer. */
  latencyMs: number;
  /** Exchange requests are never answered; nothing is processed. */
  hang: boolean;
  /** New orders are filled but their answer is never sent (POST /order only). */
  loseResponses: boolean;
  /**
   * Which endpoints down, errorRate, latencyMs and hang act on: "all" exchange endpoints, or
   * only the "orders" endpoints (POST /order, GET /order/:id) while the ticker keeps answering.
   */
  scope: FaultScope;
  /** Largest order quantity (USDT) that fills; a larger one is rejected with 422. null: no limit. */
  liquidityLimit: string | null;
  /**
   * Largest quantity (USDT) an order executes: a larger market order executes this much and
   * ends EXPIRED with that executedQty (Binance's answer on a thin book). null: off.
   */
  partialFill: string | null;
  /** Relative shift of every quoted and filled price, e.g. "0.02" = +2%, "-0.01" = -1%. */
  priceJump: string;
}

/** PUT /admin/faults: a partial update; fields left out keep their value. */
export type UpdateExchangeFaultsRequest = Partial<ExchangeFaultSettings>;

/** POST /admin/price: restarts the price walk at `mid` (or the current mid) with these settings. */
export interface SetExchangePriceRequest {
  /** AZN per USDT, a positive decimal string with at most 4 decimals, e.g. "1.7000". */
  mid?: string;
  /** 0..4294967295 */
  seed?: number;
  /** Largest relative move per step, e.g. "0.0005"; "0" pins the price at mid. */
  volatility?: string;
  /** The walk stays within mid * (1 +/- band), e.g. "0.01". */
  band?: string;
}

/** GET /admin/price, and the answer of POST /admin/price. */
export interface ExchangePriceSettings {
  mid: string;
  seed: number;
  volatility: string;
  band: string;
  /** The walk's bounds, 4 decimals. */
  lowerBound: string;
  upperBound: string;
  /** Where the walk stands now (4 decimals, before any priceJump); reading it does not step. */
  walkPrice: string;
  /** Steps taken since the walk (re)started. */
  steps: number;
}
