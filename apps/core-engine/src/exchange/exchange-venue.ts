import { OrderResponse, OrderSide } from '@app/shared-types';
import { Decimal } from '../money';

/** The venue's best prices: a buy is priced on the ask, a sale on the bid; `price` when no side is given. */
export interface VenuePrice {
  price: Decimal;
  bid: Decimal;
  ask: Decimal;
  /** Unix seconds. */
  timestamp: number;
}

export interface VenueOrder {
  side: OrderSide;
  /** USDT, as the trade's plan has it (2 decimals). */
  quantity: Decimal;
  /** Also the order's client order id at the venue. */
  clientOrderId: string;
  /** The order's timestamp on our clock (the trade's opening); the venue adapter puts it on the venue's clock. */
  madeAt: Date;
}

/**
 * What a venue said about an order, in the mock contract's words: `answer` is a 2xx with the
 * order (status, executedQty, executedPrice = the average price), read by ExchangeClient in
 * one place for every venue; the other kinds are the venue's own wire verdicts.
 */
export type VenueAnswer =
  | { kind: 'answer'; order: OrderResponse }
  /** The order certainly never executed (a definite refusal, or never sent). */
  | { kind: 'rejected'; reason: string }
  /** Lookups only: the venue has no such order. */
  | { kind: 'not_found'; reason: string }
  /** Nobody knows (timeout, 5xx, Binance's -1007). */
  | { kind: 'unknown'; reason: string };

/** One asset of the house's account at the venue, as Binance's GET /api/v3/account gives it (decimal strings). */
export interface VenueBalance {
  asset: string;
  free: string;
  locked: string;
}

/**
 * The exchange port's wire side: one adapter per venue (EXCHANGE_VENUE), chosen at start.
 * `mock` speaks the design's contract (GET /ticker, POST /order, GET /order/:id);
 * `binance` speaks Binance Spot REST (docs/exchange-venues.md).
 */
export interface ExchangeVenue {
  readonly name: string;
  /** At the app's start: what the venue must read first (Binance: exchangeInfo, the server clock). Never throws. */
  start?(): Promise<void>;
  /** The best prices; throws when none can be had. */
  price(): Promise<VenuePrice>;
  placeOrder(order: VenueOrder): Promise<VenueAnswer>;
  findOrder(clientOrderId: string): Promise<VenueAnswer>;
  /**
   * Refuses, before anything is written, an order the venue would refuse by its rules (lot
   * step, minimum and maximum quantity, minimum notional at `price`): throws a DomainError.
   */
  checkOrder(side: OrderSide, quantity: Decimal, price: Decimal): Promise<void>;
  /** The house's balances at the venue (the reserves); throws when the venue does not answer with them. */
  accountBalances(): Promise<VenueBalance[]>;
}

export const EXCHANGE_VENUE = Symbol('EXCHANGE_VENUE');
export const EXCHANGE_VENUES = ['mock', 'binance'] as const;
export type ExchangeVenueName = (typeof EXCHANGE_VENUES)[number];
