import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { randomBytes } from 'node:crypto';
import { OrderSide } from '@app/shared-types';
import { OrderNotFoundError } from '../errors';
import { MarketService } from '../market/market.service';
import { FilledOrder } from '../orders/filled-order';
import { OrderBookService } from '../orders/order-book.service';
import { binanceErrors } from './binance-errors';
import { BinanceFaultsService } from './binance-faults.service';
import { BinanceParams } from './binance-signed-request';
import { BinanceSymbol, eight } from './binance-symbol';

const SIDES: readonly OrderSide[] = ['BUY', 'SELL'];
const RESPONSE_TYPES = ['ACK', 'RESULT', 'FULL'] as const;
type ResponseType = (typeof RESPONSE_TYPES)[number];
/** Binance's rule for newClientOrderId (rest-api.md; the transaction ids, UUIDs, fit). */
const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const QUANTITY = /^\d{1,20}(\.\d+)?$/;

/** An order as /api/v3 reports it. */
interface OrderView {
  orderId: number;
  clientOrderId: string;
  side: OrderSide;
  origQty: Decimal;
  executedQty: Decimal;
  /** The fill's price; null when nothing filled. */
  price: Decimal | null;
  status: 'FILLED' | 'EXPIRED';
  time: number;
}

/** An order that did not fill whole: its requested quantity and status, which the book (fills only) does not keep. */
interface ExpiredOrder {
  orderId: number;
  side: OrderSide;
  origQty: Decimal;
  time: number;
  /** The book's order for the part that filled, if any. */
  filled?: FilledOrder;
}

/**
 * POST and GET /api/v3/order on the literal routes' order book: a fill here is a fill there
 * (same clientOrderId, same price walk, same journal). A repeated newClientOrderId answers the
 * first order, as the book does (real Binance accepts a repeat of a FILLED order as a new
 * order: docs/exchange-venues.md). The PARTIAL and EXPIRED fill faults' orders are remembered
 * in memory only; their filled part is in the book (and its journal) like any fill.
 */
@Injectable()
export class BinanceOrdersService {
  private readonly logger = new Logger(BinanceOrdersService.name);
  private readonly expired = new Map<string, ExpiredOrder>();

  constructor(
    private readonly book: OrderBookService,
    private readonly market: MarketService,
    private readonly symbol: BinanceSymbol,
    private readonly faults: BinanceFaultsService,
  ) {}

  place(params: BinanceParams): Record<string, unknown> {
    this.symbol.require(params);
    const side = params.get('side') as OrderSide | undefined;
    if (side === undefined) throw binanceErrors.mandatory('side');
    if (!SIDES.includes(side)) throw binanceErrors.badSide();
    const type = params.get('type');
    if (type === undefined) throw binanceErrors.mandatory('type');
    if (type !== 'MARKET') throw binanceErrors.unsupportedOrderType();
    const quantityText = params.get('quantity');
    if (quantityText === undefined || quantityText === '') throw binanceErrors.mandatory('quantity');
    if (!QUANTITY.test(quantityText)) throw binanceErrors.illegalChars('quantity');
    const quantity = new Decimal(quantityText);
    if (quantity.decimalPlaces() > 8) throw binanceErrors.badPrecision('quantity');
    const clientOrderId = params.get('newClientOrderId') ?? `mock_${randomBytes(11).toString('hex')}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId)) throw binanceErrors.illegalChars('newClientOrderId');
    const responseType = (params.get('newOrderRespType') ?? 'FULL') as ResponseType;
    if (!RESPONSE_TYPES.includes(responseType)) throw binanceErrors.illegalChars('newOrderRespType');

    const earlier = this.repeat(clientOrderId);
    if (earlier && (earlier.side !== side || !earlier.origQty.eq(quantity))) throw binanceErrors.rejected('Duplicate order sent.');
    const view = earlier ?? this.fill(clientOrderId, side, quantity, quantityText);
    return render(this.symbol.name, view, responseType);
  }

  find(params: BinanceParams): Record<string, unknown> {
    this.symbol.require(params);
    const clientOrderId = params.get('origClientOrderId');
    if (clientOrderId === undefined || clientOrderId === '') {
      throw binanceErrors.mandatory('origClientOrderId');
    }
    const view = this.repeat(clientOrderId);
    if (!view) throw binanceErrors.noSuchOrder();
    return render(this.symbol.name, view, 'QUERY');
  }

  /** The order already placed with this client order id, if any. */
  private repeat(clientOrderId: string): OrderView | undefined {
    const expired = this.expired.get(clientOrderId);
    if (expired) {
      const filled = expired.filled;
      return {
        orderId: expired.orderId,
        clientOrderId,
        side: expired.side,
        origQty: expired.origQty,
        executedQty: filled ? filled.quantity : new Decimal(0),
        price: filled ? filled.executedPrice : null,
        status: 'EXPIRED',
        time: expired.time,
      };
    }
    let order: FilledOrder;
    try {
      order = this.book.find(clientOrderId);
    } catch (err) {
      if (err instanceof OrderNotFoundError) return undefined;
      throw err;
    }
    if (order.clientOrderId !== clientOrderId) return undefined;
    return filledView(order, order.quantity);
  }

  private fill(clientOrderId: string, side: OrderSide, quantity: Decimal, quantityText: string): OrderView {
    this.symbol.checkOrder(quantity, new Decimal(this.market.describeWalk().walkPrice));
    const mode = this.faults.current().fill;
    const part =
      mode === 'FULL' ? quantity : mode === 'PARTIAL' ? quantity.div(2).toNearest(this.symbol.stepSize, Decimal.ROUND_DOWN) : new Decimal(0);
    const filled = part.gt(0)
      ? this.book.place({
          symbol: this.symbol.bookSymbol,
          side,
          type: 'MARKET',
          quantity: mode === 'FULL' ? quantityText : part.toFixed(),
          clientOrderId,
        }).order
      : undefined;
    if (mode === 'FULL' && filled) return filledView(filled, quantity);
    const expired: ExpiredOrder = {
      orderId: filled ? numericId(filled.orderId) : randomBytes(5).readUIntBE(0, 5),
      side,
      origQty: quantity,
      time: Date.now(),
      filled,
    };
    this.expired.set(clientOrderId, expired);
    this.logger.warn(`order ${clientOrderId} EXPIRED with ${part.toFixed()} of ${quantity.toFixed()} filled (fill fault ${mode})`);
    return this.repeat(clientOrderId) as OrderView;
  }
}

function filledView(order: FilledOrder, origQty: Decimal): OrderView {
  return {
    orderId: numericId(order.orderId),
    clientOrderId: order.clientOrderId ?? '',
    side: order.side,
    origQty,
    executedQty: order.quantity,
    price: order.executedPrice,
    status: 'FILLED',
    time: order.filledAt.getTime(),
  };
}

/** Binance's orderId is a number: the book's id (ex_ + 32 hex digits) read as one, 48 bits of it. */
function numericId(bookOrderId: string): number {
  return parseInt(bookOrderId.slice(3, 15), 16);
}

/** Binance's order answer (rest-api.md, "New order" ACK / RESULT / FULL, and "Query order"). */
function render(symbol: string, view: OrderView, type: ResponseType | 'QUERY'): Record<string, unknown> {
  const base = { symbol, orderId: view.orderId, orderListId: -1, clientOrderId: view.clientOrderId };
  if (type === 'ACK') return { ...base, transactTime: view.time };
  const quote = view.price ? view.executedQty.times(view.price).toDecimalPlaces(8, Decimal.ROUND_HALF_UP) : new Decimal(0);
  const result = {
    ...base,
    ...(type === 'QUERY' ? {} : { transactTime: view.time }),
    price: eight(0),
    origQty: eight(view.origQty),
    executedQty: eight(view.executedQty),
    cummulativeQuoteQty: eight(quote),
    status: view.status,
    timeInForce: 'GTC',
    type: 'MARKET',
    side: view.side,
    ...(type === 'QUERY' ? { stopPrice: eight(0), icebergQty: eight(0), time: view.time, updateTime: view.time, isWorking: false } : {}),
    workingTime: view.time,
    origQuoteOrderQty: eight(0),
    selfTradePreventionMode: 'NONE',
    ...(view.status === 'EXPIRED' && { expiryReason: 'INSUFFICIENT_LIQUIDITY' }),
  };
  if (type !== 'FULL') return result;
  const fills =
    view.price && view.executedQty.gt(0)
      ? [{ price: eight(view.price), qty: eight(view.executedQty), commission: eight(0), commissionAsset: 'AZN', tradeId: view.orderId }]
      : [];
  return { ...result, fills };
}
