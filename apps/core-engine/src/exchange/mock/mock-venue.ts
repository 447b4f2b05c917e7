import { Logger } from '@nestjs/common';
import { AxiosError, AxiosInstance } from 'axios';
import { EXCHANGE_SYMBOL, OrderResponse, PlaceOrderRequest, requestIdHeaders, TickerResponse } from '@app/shared-types';
import { Decimal, isPlainDecimal } from '../../money';
import { ExchangeVenue, VenueAnswer, VenueOrder, VenuePrice, VenueBalance } from '../exchange-venue';

/** Codes after which the request certainly never reached the exchange. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The `mock` venue (the default): the design's contract with the Mock Exchange, GET /ticker,
 * POST /order and GET /order/:id (libs/shared-types exchange-contract.ts). One price, so a
 * buy and a sale are priced alike.
 */
export class MockVenue implements ExchangeVenue {
  readonly name = 'mock';
  private readonly logger = new Logger(MockVenue.name);

  constructor(
    private readonly http: AxiosInstance,
    private readonly recvWindowMs: number,
  ) {}

  async price(): Promise<VenuePrice> {
    const res = await this.http.get<TickerResponse>('/ticker', { params: { symbol: EXCHANGE_SYMBOL }, headers: requestIdHeaders() });
    const { price, timestamp } = res.data;
    if (typeof price !== 'string' || !isPlainDecimal(price) || new Decimal(price).lte(0)) {
      throw new Error(`malformed ticker price ${JSON.stringify(price)}`);
    }
    const value = new Decimal(price);
    return { price: value, bid: value, ask: value, timestamp };
  }

  /** The Mock Exchange's GET /api/v3/account (Binance's shape, unsigned there). */
  async accountBalances(): Promise<VenueBalance[]> {
    const res = await this.http.get<{ balances?: VenueBalance[] }>('/api/v3/account', { headers: requestIdHeaders() });
    if (!Array.isArray(res.data.balances)) throw new Error('the account answer has no balances');
    return res.data.balances;
  }

  /** The design's contract has no order rules beyond its validation. */
  async checkOrder(): Promise<void> {}

  async placeOrder(order: VenueOrder): Promise<VenueAnswer> {
    const body: PlaceOrderRequest = {
      symbol: EXCHANGE_SYMBOL,
      side: order.side,
      quantity: order.quantity.toFixed(2),
      type: 'MARKET',
      clientOrderId: order.clientOrderId,
      timestamp: order.madeAt.getTime(),
      recvWindow: this.recvWindowMs,
    };
    try {
      const res = await this.http.post<OrderResponse>('/order', body, { headers: requestIdHeaders() });
      return { kind: 'answer', order: res.data };
    } catch (err) {
      return this.failedCall(err, `order ${body.clientOrderId}`);
    }
  }

  async findOrder(clientOrderId: string): Promise<VenueAnswer> {
    try {
      const res = await this.http.get<OrderResponse>(`/order/${encodeURIComponent(clientOrderId)}`, { headers: requestIdHeaders() });
      return { kind: 'answer', order: res.data };
    } catch (err) {
      if (err instanceof AxiosError && err.response?.status === 404) {
        return { kind: 'not_found', reason: 'the exchange has no such order' };
      }
      const reason = describe(err);
      this.logger.warn(`lookup of order ${clientOrderId} unanswered: ${reason}`);
      return { kind: 'unknown', reason };
    }
  }

  private failedCall(err: unknown, what: string): VenueAnswer {
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

export function describe(err: unknown): string {
  if (err instanceof AxiosError) {
    const status = err.response?.status;
    const code = (err.response?.data as { code?: string } | undefined)?.code;
    return status ? `HTTP ${status}${code ? ` ${code}` : ''}` : `${err.code ?? 'network error'}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
