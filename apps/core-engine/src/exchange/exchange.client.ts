import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OrderSide } from '@app/shared-types';
import { InsufficientLiquidityError } from '../errors';
import { MetricsService } from '../metrics';
import { Decimal } from '../money';
import { LookupOutcome, OrderOutcome, readOrderAnswer, Ticker } from './exchange-outcome';
import { EXCHANGE_VENUE, ExchangeVenue, ExchangeVenueName, VenueAnswer, VenueBalance, VenuePrice } from './exchange-venue';
import { describe } from './mock/mock-venue';

export interface ExchangeOptions {
  baseURL: string;
  timeoutMs: number;
  /** Every order's validity window (recvWindow) after its timestamp; see CoreConfig.EXCHANGE_RECV_WINDOW_MS. */
  recvWindowMs: number;
  /** EXCHANGE_VENUE; absent: mock. */
  venue?: ExchangeVenueName;
  /** With venue binance: BINANCE_BASE_URL, the key, the secret and EXCHANGE_SYMBOL. */
  binance?: { baseURL: string; apiKey: string; apiSecret: string; symbol: string };
}
export const EXCHANGE_OPTIONS = Symbol('EXCHANGE_OPTIONS');

/**
 * The Core Engine's only door to the exchange (the port). It turns every answer into a definite
 * fill, a definite rejection, or an unknown outcome; callers never see HTTP details. The wire
 * work is the venue adapter's (EXCHANGE_VENUE: exchange/mock, exchange/binance); reading an
 * order's answer stays here, one reading for every venue.
 */
@Injectable()
export class ExchangeClient implements OnModuleInit {
  private readonly logger = new Logger(ExchangeClient.name);

  constructor(
    @Inject(EXCHANGE_VENUE) private readonly venue: ExchangeVenue,
    private readonly metrics: MetricsService,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.venue.start?.();
  }

  /**
   * How long after its timestamp an order may still execute, from the exchange's refusal of
   * late orders plus our own timeout: past this, an order the exchange does not hold never
   * executed (the reconciler's proof, docs/reliability.md).
   */
  get notFoundIsProofAfterMs(): number {
    return this.options.recvWindowMs + this.options.timeoutMs;
  }

  private last: { ticker: VenuePrice; at: number } | null = null;
  private inFlight: Promise<VenuePrice> | null = null;

  /**
   * The market price, at most `maxAgeMs` old: a price fetched within that time is reused, and
   * concurrent callers share one request. 0 always asks the exchange (quoted trades do, so
   * the slippage check compares with the market as it is now). The exchange being
   * unreachable means no trade can be priced. A buy is priced on the venue's ask, a sale on its
   * bid (`side`); without a side, between the two (the mock venue has one price for all).
   */
  async ticker(maxAgeMs = 0, side?: OrderSide): Promise<Ticker> {
    const quote = await this.venuePrice(maxAgeMs);
    return { price: side === 'BUY' ? quote.ask : side === 'SELL' ? quote.bid : quote.price, timestamp: quote.timestamp };
  }

  /** Both sides of the market from one ticker read (the order matcher: BUY orders on the ask, SELL orders on the bid). */
  async prices(maxAgeMs = 0): Promise<{ ask: Decimal; bid: Decimal }> {
    const quote = await this.venuePrice(maxAgeMs);
    return { ask: quote.ask, bid: quote.bid };
  }

  private async venuePrice(maxAgeMs: number): Promise<VenuePrice> {
    if (maxAgeMs > 0 && this.last && Date.now() - this.last.at <= maxAgeMs) return this.last.ticker;
    if (maxAgeMs > 0 && this.inFlight) return this.inFlight;
    // Every caller, the first included, awaits this one promise: a rejection always has a
    // listener. (A separate `request.finally(...)` chain kept in `inFlight` rejected with
    // nobody awaiting it when the exchange failed, and the unhandled rejection ended the
    // process: issue 13, section 1.)
    const request: Promise<VenuePrice> = this.fetchTicker().finally(() => {
      if (this.inFlight === request) this.inFlight = null;
    });
    if (maxAgeMs > 0) this.inFlight = request;
    return request;
  }

  private async fetchTicker(): Promise<VenuePrice> {
    const started = Date.now();
    try {
      const ticker = await this.metrics.timeExchange(
        'ticker',
        () => this.venue.price(),
        () => 'ok',
      );
      this.last = { ticker, at: started };
      return ticker;
    } catch (err) {
      this.logger.warn(`ticker failed: ${describe(err)}`);
      throw InsufficientLiquidityError.unavailable();
    }
  }

  /**
   * `madeAt` is the order's timestamp: the trade's opening time, which the Transaction row
   * records (createdAt), so the reconciler knows when the order's window closes without a
   * write of its own. The exchange refuses the order once recvWindow has passed since then.
   */
  async placeOrder(side: OrderSide, quantity: Decimal, clientOrderId: string, madeAt: Date): Promise<OrderOutcome> {
    return this.metrics.timeExchange(
      'order',
      () => this.sendOrder(side, quantity, clientOrderId, madeAt),
      (outcome) => outcome.kind,
    );
  }

  private async sendOrder(side: OrderSide, quantity: Decimal, clientOrderId: string, madeAt: Date): Promise<OrderOutcome> {
    let answer: VenueAnswer;
    try {
      answer = await this.venue.placeOrder({ side, quantity, clientOrderId, madeAt });
    } catch (err) {
      // A venue adapter answers every wire failure itself; a throw is a bug: the order may have gone.
      this.logger.error(`order ${clientOrderId} outcome unknown: ${describe(err)}`);
      return { kind: 'unknown', reason: describe(err) };
    }
    if (answer.kind === 'answer') return readOrderAnswer(answer.order);
    if (answer.kind === 'not_found') return { kind: 'unknown', reason: answer.reason };
    return answer;
  }

  /**
   * Refuses, before anything is written, an order the venue's own rules refuse (binance: the
   * symbol's lot step, minimum quantity and minimum notional at `price`): OrderNotTradableError.
   */
  checkOrder(side: OrderSide, quantity: Decimal, price: Decimal): Promise<void> {
    return this.venue.checkOrder(side, quantity, price);
  }

  /** The house's balances at the venue (ReservesService); throws when the venue does not answer with them. */
  accountBalances(): Promise<VenueBalance[]> {
    return this.venue.accountBalances();
  }

  /**
   * Asks for an order by our client order id: settles an order whose answer was lost.
   * Only the exchange's own 404 is "not found" (old enough, that means never executed: the
   * reconciler's call); an unreachable exchange or any other answer proves nothing: unknown.
   * The order's answer is read as a placement's is (readOrderAnswer): an order ended with
   * nothing executed was rejected; one that executed in part is a fill of that part.
   */
  findOrder(clientOrderId: string): Promise<LookupOutcome> {
    return this.metrics.timeExchange(
      'order_lookup',
      () => this.lookUp(clientOrderId),
      (outcome) => outcome.kind,
    );
  }

  private async lookUp(clientOrderId: string): Promise<LookupOutcome> {
    let answer: VenueAnswer;
    try {
      answer = await this.venue.findOrder(clientOrderId);
    } catch (err) {
      this.logger.warn(`lookup of order ${clientOrderId} unanswered: ${describe(err)}`);
      return { kind: 'unknown', reason: describe(err) };
    }
    if (answer.kind === 'answer') return readOrderAnswer(answer.order);
    return answer;
  }
}
