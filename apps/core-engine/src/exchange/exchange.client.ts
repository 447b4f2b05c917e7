import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AxiosError } from 'axios';
import { EXCHANGE_SYMBOL, OrderResponse, OrderSide, PlaceOrderRequest, requestIdHeaders, TickerResponse } from '@app/shared-types';
import { InsufficientLiquidityError } from '../errors';
import { MetricsService } from '../metrics';
import { Decimal, isPlainDecimal } from '../money';
import { LookupOutcome, OrderOutcome, readOrderAnswer, Ticker } from './exchange-outcome';

export interface ExchangeOptions {
  baseURL: string;
  timeoutMs: number;
  /** Every order's validity window (recvWindow) after its timestamp; see CoreConfig.EXCHANGE_RECV_WINDOW_MS. */
  recvWindowMs: number;
}
export const EXCHANGE_OPTIONS = Symbol('EXCHANGE_OPTIONS');

/** Codes after which the request certainly never reached the exchange. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The Core Engine's only door to the exchange. It turns every answer into a definite
 * fill, a definite rejection, or an unknown outcome; callers never see HTTP details.
 */
@Injectable()
export class ExchangeClient {
  private readonly logger = new Logger(ExchangeClient.name);

  // Calls go through `http.axiosRef` (the module's configured axios instance) rather than
  // the Observable API: firstValueFrom's unsubscribe aborts every finished request, which
  // builds an error with a stack trace each time (bench/README.md: 9% of the CPU per buy).
  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  /**
   * How long after its timestamp an order may still execute, from the exchange's refusal of
   * late orders plus our own timeout: past this, an order the exchange does not hold never
   * executed (the reconciler's proof, docs/reliability.md).
   */
  get notFoundIsProofAfterMs(): number {
    return this.options.recvWindowMs + this.options.timeoutMs;
  }

  private last: { ticker: Ticker; at: number } | null = null;
  private inFlight: Promise<Ticker> | null = null;

  /**
   * The market price, at most `maxAgeMs` old: a price fetched within that time is reused, and
   * concurrent callers share one request. 0 always asks the exchange (quoted trades do, so
   * the slippage check compares with the market as it is now). The exchange being
   * unreachable means no trade can be priced.
   */
  async ticker(maxAgeMs = 0): Promise<Ticker> {
    if (maxAgeMs > 0 && this.last && Date.now() - this.last.at <= maxAgeMs) return this.last.ticker;
    if (maxAgeMs > 0 && this.inFlight) return this.inFlight;
    // Every caller, the first included, awaits this one promise: a rejection always has a
    // listener. (A separate `request.finally(...)` chain kept in `inFlight` rejected with
    // nobody awaiting it when the exchange failed, and the unhandled rejection ended the
    // process: issue 13, section 1.)
    const request: Promise<Ticker> = this.fetchTicker().finally(() => {
      if (this.inFlight === request) this.inFlight = null;
    });
    if (maxAgeMs > 0) this.inFlight = request;
    return request;
  }

  private async fetchTicker(): Promise<Ticker> {
    const started = Date.now();
    try {
      const res = await this.metrics.timeExchange(
        'ticker',
        () => this.http.axiosRef.get<TickerResponse>('/ticker', { params: { symbol: EXCHANGE_SYMBOL }, headers: requestIdHeaders() }),
        () => 'ok',
      );
      const { price, timestamp } = res.data;
      if (typeof price !== 'string' || !isPlainDecimal(price) || new Decimal(price).lte(0)) {
        throw new Error(`malformed ticker price ${JSON.stringify(price)}`);
      }
      const ticker = { price: new Decimal(price), timestamp };
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
    const body: PlaceOrderRequest = {
      symbol: EXCHANGE_SYMBOL,
      side,
      quantity: quantity.toFixed(2),
      type: 'MARKET',
      clientOrderId,
      timestamp: madeAt.getTime(),
      recvWindow: this.options.recvWindowMs,
    };
    return this.metrics.timeExchange(
      'order',
      () => this.sendOrder(body),
      (outcome) => outcome.kind,
    );
  }

  private async sendOrder(body: PlaceOrderRequest): Promise<OrderOutcome> {
    try {
      const res = await this.http.axiosRef.post<OrderResponse>('/order', body, { headers: requestIdHeaders() });
      return readOrderAnswer(res.data);
    } catch (err) {
      return this.failedCall(err, `order ${body.clientOrderId}`);
    }
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
    try {
      const res = await this.http.axiosRef.get<OrderResponse>(`/order/${encodeURIComponent(clientOrderId)}`, { headers: requestIdHeaders() });
      return readOrderAnswer(res.data);
    } catch (err) {
      if (err instanceof AxiosError && err.response?.status === 404) {
        return { kind: 'not_found', reason: 'the exchange has no such order' };
      }
      const reason = describe(err);
      this.logger.warn(`lookup of order ${clientOrderId} unanswered: ${reason}`);
      return { kind: 'unknown', reason };
    }
  }

  private failedCall(err: unknown, what: string): OrderOutcome {
    const reason = describe(err);
    if (err instanceof AxiosError) {
      const status = err.response?.status;
      // 409: an order with this client order id already exists (it may have filled): not
      // a "no", so it is looked up like any unknown outcome.
      // Any other 4xx is the exchange's definite "no": nothing was executed.
      if (status !== undefined && status >= 400 && status < 500 && status !== 409) {
        this.logger.warn(`${what} rejected: ${reason}`);
        return { kind: 'rejected', reason };
      }
      if (status === undefined && err.code && NOT_SENT.has(err.code)) {
        this.logger.warn(`${what} not sent: ${reason}`);
        return { kind: 'rejected', reason };
      }
    }
    this.logger.error(`${what} outcome unknown: ${reason}`);
    return { kind: 'unknown', reason };
  }
}

function describe(err: unknown): string {
  if (err instanceof AxiosError) {
    const status = err.response?.status;
    const code = (err.response?.data as { code?: string } | undefined)?.code;
    return status ? `HTTP ${status}${code ? ` ${code}` : ''}` : `${err.code ?? 'network error'}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
