import { Logger } from '@nestjs/common';
import axios, { AxiosError, AxiosInstance } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { OrderSide, requestIdHeaders } from '@app/shared-types';
import { InsufficientLiquidityError, OrderNotTradableError } from '../../errors';
import { Decimal, isPlainDecimal } from '../../money';
import { ExchangeVenue, VenueAnswer, VenueBalance, VenueOrder, VenuePrice } from '../exchange-venue';
import { toOrderResponse } from './binance-order-answer';
import { BinanceParams, signedQuery } from './binance-signing';
import { orderProblem, readSymbolRules, SymbolRules } from './binance-symbol-rules';

export interface BinanceVenueOptions {
  baseURL: string;
  apiKey: string;
  apiSecret: string;
  /** The venue's symbol: base USDT, quote the fiat (EXCHANGE_SYMBOL). */
  symbol: string;
  timeoutMs: number;
  recvWindowMs: number;
}

/** Codes after which the request certainly never reached the exchange. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * Binance's codes after which an order may have executed (errors.md): -1006 UNEXPECTED_RESP
 * and -1007 TIMEOUT say "execution status unknown" outright; -1000 UNKNOWN and -1001
 * DISCONNECTED are internal errors that do not say it did not. Whatever the HTTP status, the
 * order is looked up, never taken as refused (a refused order that executed would be a
 * position the ledger does not hold).
 */
const EXECUTION_UNKNOWN = new Set([-1000, -1001, -1006, -1007]);
const OUTSIDE_RECV_WINDOW = -1021;
const NO_SUCH_ORDER = -2013;
/** When a 429 or 418 comes without Retry-After (Binance always sends one): wait this long. */
const DEFAULT_BACKOFF_S = 60;
/** The server clock offset is measured again when older than this. */
const CLOCK_REFRESH_MS = 60_000;

/**
 * The `binance` venue: Binance Spot REST as binance-spot-api-docs rest-api.md documents it.
 * Every signed request carries X-MBX-APIKEY, timestamp (on the server's clock: our clock plus
 * the measured offset), recvWindow and the HMAC-SHA256 signature of its query string; the
 * secret never leaves this class and nothing here logs a key, a secret or a signature.
 * After a 429 or 418 no request is sent until Retry-After has passed.
 */
export class BinanceVenue implements ExchangeVenue {
  readonly name = 'binance';
  private readonly logger = new Logger(BinanceVenue.name);
  private readonly http: AxiosInstance;
  private rules: SymbolRules | null = null;
  private rulesLoading: Promise<SymbolRules> | null = null;
  /** Server time minus ours, in ms, and when it was measured (0: never). */
  private clock = { offsetMs: 0, measuredAt: 0 };
  private backOffUntil = 0;

  constructor(private readonly options: BinanceVenueOptions) {
    this.http = axios.create({
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      httpAgent: new HttpAgent({ keepAlive: true }),
      httpsAgent: new HttpsAgent({ keepAlive: true }),
      // Every answer is judged here, by status and Binance's code.
      validateStatus: () => true,
    });
  }

  /** Read once at start (and again only if that failed): the symbol's filters and the clock offset. */
  async start(): Promise<void> {
    try {
      const rules = await this.symbolRules();
      await this.measureClock();
      this.logger.log(
        `venue binance at ${this.options.baseURL}: ${rules.symbol} (base ${rules.baseAsset}, quote ${rules.quoteAsset}), ` +
          `lot step ${rules.stepSize.toFixed()}, price tick ${rules.tickSize?.toFixed() ?? 'none'}, min qty ${rules.minQty.toFixed()}, min notional ${rules.minNotional?.toFixed() ?? 'none'}, ` +
          `server clock ${this.clock.offsetMs} ms from ours`,
      );
    } catch (err) {
      this.logger.error(
        `venue binance: exchangeInfo or the server time could not be read at start (${(err as Error).message}); trades are refused until it can`,
      );
    }
  }

  get clockOffsetMs(): number {
    return this.clock.offsetMs;
  }

  async price(): Promise<VenuePrice> {
    if (Date.now() - this.clock.measuredAt > CLOCK_REFRESH_MS)
      await this.measureClock().catch((err: Error) => this.logger.warn(`server time: ${err.message}`));
    const res = await this.send('GET', '/api/v3/ticker/bookTicker', [['symbol', this.options.symbol]], false);
    if (res.status !== 200) throw new Error(`bookTicker answered ${describeAnswer(res.status, res.data)}`);
    const { bidPrice, askPrice } = res.data as { bidPrice?: unknown; askPrice?: unknown };
    if (typeof bidPrice !== 'string' || !isPlainDecimal(bidPrice) || typeof askPrice !== 'string' || !isPlainDecimal(askPrice)) {
      throw new Error(`malformed bookTicker ${JSON.stringify(res.data)}`);
    }
    const bid = new Decimal(bidPrice);
    const ask = new Decimal(askPrice);
    if (bid.lte(0) || ask.lt(bid)) throw new Error(`implausible bookTicker bid ${bidPrice} ask ${askPrice}`);
    return { price: ask.plus(bid).div(2), bid, ask, timestamp: Math.floor(Date.now() / 1000) };
  }

  async checkOrder(side: OrderSide, quantity: Decimal, price: Decimal): Promise<void> {
    let rules: SymbolRules;
    try {
      rules = await this.symbolRules();
    } catch (err) {
      this.logger.warn(`exchangeInfo unavailable: ${(err as Error).message}`);
      throw InsufficientLiquidityError.unavailable();
    }
    const problem = orderProblem(quantity, price, rules);
    if (problem) {
      this.logger.warn(`refused a ${side} of ${quantity.toFixed()} before anything was written: ${problem}`);
      throw new OrderNotTradableError(problem);
    }
  }

  async placeOrder(order: VenueOrder): Promise<VenueAnswer> {
    const params: BinanceParams = [
      ['symbol', this.options.symbol],
      ['side', order.side],
      ['type', 'MARKET'],
      // With the lot step's decimals (the plan's 2 for a step of 0.01): the quantity as the trade has it.
      [
        'quantity',
        this.rules ? order.quantity.toFixed(Math.max(order.quantity.decimalPlaces(), this.rules.stepSize.decimalPlaces())) : order.quantity.toFixed(),
      ],
      ['newClientOrderId', order.clientOrderId],
      ['newOrderRespType', 'FULL'],
      ['recvWindow', String(this.options.recvWindowMs)],
      ['timestamp', String(order.madeAt.getTime() + this.clock.offsetMs)],
    ];
    const what = `order ${order.clientOrderId}`;
    if (this.backingOff())
      return { kind: 'rejected', reason: `not sent: backing off after a rate limit until ${new Date(this.backOffUntil).toISOString()}` };
    let res: { status: number; data: unknown; headers: Record<string, unknown> };
    try {
      res = await this.send('POST', '/api/v3/order', params, true);
    } catch (err) {
      return this.unanswered(err, what);
    }
    if (res.status === 200) return { kind: 'answer', order: toOrderResponse(res.data, order.side) };
    const code = binanceCode(res.data);
    const reason = describeAnswer(res.status, res.data);
    // 5xx, an execution-unknown code and 409 (a cancel-replace half done): the order may have executed; it is looked up.
    if (res.status >= 500 || (code !== undefined && EXECUTION_UNKNOWN.has(code)) || res.status === 409) {
      this.logger.error(`${what} outcome unknown: ${reason}`);
      return { kind: 'unknown', reason };
    }
    if (code === OUTSIDE_RECV_WINDOW) this.clock.measuredAt = 0;
    // Any other 4xx (rate limits, -1021, -2010, -1013, a bad key or signature) is Binance's
    // definite refusal: the request did not reach the matching engine.
    this.logger.warn(`${what} rejected: ${reason}`);
    return { kind: 'rejected', reason };
  }

  /** Signed GET /api/v3/account (USER_DATA): the house's balances at Binance, the reserves. */
  async accountBalances(): Promise<VenueBalance[]> {
    const params: BinanceParams = [
      ['recvWindow', String(this.options.recvWindowMs)],
      ['timestamp', String(Date.now() + this.clock.offsetMs)],
    ];
    const res = await this.send('GET', '/api/v3/account', params, true);
    if (res.status !== 200) throw new Error(`the account was not read: ${describeAnswer(res.status, res.data)}`);
    const balances = (res.data as { balances?: unknown } | null)?.balances;
    if (!Array.isArray(balances)) throw new Error('the account answer has no balances');
    return balances as VenueBalance[];
  }

  async findOrder(clientOrderId: string): Promise<VenueAnswer> {
    if (this.backingOff())
      return { kind: 'unknown', reason: `not asked: backing off after a rate limit until ${new Date(this.backOffUntil).toISOString()}` };
    const params: BinanceParams = [
      ['symbol', this.options.symbol],
      ['origClientOrderId', clientOrderId],
      ['recvWindow', String(this.options.recvWindowMs)],
      ['timestamp', String(Date.now() + this.clock.offsetMs)],
    ];
    let res: { status: number; data: unknown; headers: Record<string, unknown> };
    try {
      res = await this.send('GET', '/api/v3/order', params, true);
    } catch (err) {
      const reason = describeError(err);
      this.logger.warn(`lookup of order ${clientOrderId} unanswered: ${reason}`);
      return { kind: 'unknown', reason };
    }
    if (res.status === 200) {
      const side = (res.data as { side?: unknown } | null)?.side;
      return { kind: 'answer', order: toOrderResponse(res.data, side === 'SELL' ? 'SELL' : 'BUY') };
    }
    if (binanceCode(res.data) === NO_SUCH_ORDER) return { kind: 'not_found', reason: 'the exchange has no such order (-2013)' };
    const reason = describeAnswer(res.status, res.data);
    if (binanceCode(res.data) === OUTSIDE_RECV_WINDOW) this.clock.measuredAt = 0;
    this.logger.warn(`lookup of order ${clientOrderId} unanswered: ${reason}`);
    return { kind: 'unknown', reason };
  }

  /** The symbol's rules, read once; a failed read is tried again on the next call. */
  private symbolRules(): Promise<SymbolRules> {
    if (this.rules) return Promise.resolve(this.rules);
    this.rulesLoading ??= this.loadRules().finally(() => (this.rulesLoading = null));
    return this.rulesLoading;
  }

  private async loadRules(): Promise<SymbolRules> {
    const res = await this.send('GET', '/api/v3/exchangeInfo', [['symbol', this.options.symbol]], false);
    if (res.status !== 200) throw new Error(`exchangeInfo answered ${describeAnswer(res.status, res.data)}`);
    const rules = readSymbolRules(res.data, this.options.symbol);
    if (rules.baseAsset !== 'USDT')
      throw new Error(`${rules.symbol}'s base asset is ${rules.baseAsset}; EXCHANGE_SYMBOL must trade USDT (the base) for the fiat`);
    this.rules = rules;
    return rules;
  }

  /** Server time minus ours, taking our clock at the middle of the round trip. */
  private async measureClock(): Promise<void> {
    const before = Date.now();
    const res = await this.send('GET', '/api/v3/time', [], false);
    const after = Date.now();
    const serverTime = (res.data as { serverTime?: unknown } | null)?.serverTime;
    if (res.status !== 200 || typeof serverTime !== 'number' || !Number.isSafeInteger(serverTime)) {
      throw new Error(`time answered ${describeAnswer(res.status, res.data)}`);
    }
    const offsetMs = Math.round(serverTime - (before + after) / 2);
    if (Math.abs(offsetMs - this.clock.offsetMs) > 500 || this.clock.measuredAt === 0) {
      this.logger.log(`server clock is ${offsetMs} ms from ours (round trip ${after - before} ms)`);
    }
    this.clock = { offsetMs, measuredAt: after };
  }

  private backingOff(): boolean {
    return Date.now() < this.backOffUntil;
  }

  /** One request; a 429 or 418 starts the back-off. Throws only when no answer came. */
  private async send(method: 'GET' | 'POST', path: string, params: BinanceParams, signed: boolean) {
    if (this.backingOff()) throw new Error(`not sent: backing off after a rate limit until ${new Date(this.backOffUntil).toISOString()}`);
    const query = signed ? signedQuery(params, this.options.apiSecret) : new URLSearchParams(params as [string, string][]).toString();
    const res = await this.http.request<unknown>({
      method,
      url: query ? `${path}?${query}` : path,
      headers: { ...requestIdHeaders(), ...(signed && { 'X-MBX-APIKEY': this.options.apiKey }) },
    });
    if (res.status === 429 || res.status === 418) {
      const retryAfter = Number(res.headers['retry-after']);
      const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : DEFAULT_BACKOFF_S;
      this.backOffUntil = Math.max(this.backOffUntil, Date.now() + seconds * 1000);
      this.logger.error(
        `Binance answered ${res.status} (${res.status === 418 ? 'IP banned' : 'rate limit'}): no request until ${new Date(this.backOffUntil).toISOString()}`,
      );
    }
    return { status: res.status, data: res.data, headers: res.headers as Record<string, unknown> };
  }

  private unanswered(err: unknown, what: string): VenueAnswer {
    const reason = describeError(err);
    if (err instanceof AxiosError && err.response === undefined && err.code && NOT_SENT.has(err.code)) {
      this.logger.warn(`${what} not sent: ${reason}`);
      return { kind: 'rejected', reason };
    }
    this.logger.error(`${what} outcome unknown: ${reason}`);
    return { kind: 'unknown', reason };
  }
}

function binanceCode(data: unknown): number | undefined {
  const code = (data as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function describeAnswer(status: number, data: unknown): string {
  const code = binanceCode(data);
  const msg = (data as { msg?: unknown } | null)?.msg;
  return `HTTP ${status}${code !== undefined ? ` ${code}` : ''}${typeof msg === 'string' ? ` ${msg.slice(0, 200)}` : ''}`;
}

/** Never the request's URL or headers: they carry the key and the signature. */
function describeError(err: unknown): string {
  if (err instanceof AxiosError) return `${err.code ?? 'network error'}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
