import { HouseAccountService } from '../account/house-account.service';
import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { PlaceOrderRequest } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { ClientOrderIdReusedError, InsufficientLiquidityError, OrderNotFoundError, OutsideRecvWindowError } from '../errors';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { MarketService } from '../market/market.service';
import { FilledOrder } from './filled-order';
import { OrderJournal } from './order-journal';
import { DEFAULT_RECV_WINDOW_MS } from './place-order.dto';

/** How far ahead of the exchange's clock an order's timestamp may be (Binance: 1000 ms). */
const MAX_CLOCK_LEAD_MS = 1000;

export interface PlacedOrder {
  order: FilledOrder;
  /** False when a repeated clientOrderId returned the order filled before. */
  created: boolean;
}

/**
 * The mock's order book. A clientOrderId fills at most once: a repeat returns the first
 * fill, so a client that lost an answer can safely send the order again. An order with a
 * `timestamp` fills only within its `recvWindow` (as Binance's), so an order the book does not
 * hold after that window was never executed. Fills are journalled (MOCK_EXCHANGE_ORDERS_FILE)
 * and read back at start: a restart forgets nothing. Bounded: past MOCK_EXCHANGE_MAX_ORDERS
 * the oldest orders are forgotten.
 */
@Injectable()
export class OrderBookService {
  private readonly logger = new Logger(OrderBookService.name);
  private readonly ordersById = new Map<string, FilledOrder>();
  private readonly orderIdByClientId = new Map<string, string>();
  private readonly maxOrders: number;
  private readonly journal: OrderJournal;

  constructor(
    config: MockExchangeConfig,
    private readonly market: MarketService,
    private readonly faults: FaultSettingsService,
    private readonly houseAccount: HouseAccountService,
  ) {
    this.maxOrders = config.MOCK_EXCHANGE_MAX_ORDERS;
    this.journal = new OrderJournal(config.MOCK_EXCHANGE_ORDERS_FILE);
    for (const order of this.journal.load(this.maxOrders)) {
      this.record(order);
      this.houseAccount.applyFill(order);
    }
  }

  place(request: PlaceOrderRequest): PlacedOrder {
    const quantity = new Decimal(request.quantity);
    const earlier = this.findByClientOrderId(request.clientOrderId);
    if (earlier) {
      this.assertSameOrder(earlier, request, quantity);
      this.logger.log(`repeat of clientOrderId ${earlier.clientOrderId}: answering with ${earlier.orderId} again`);
      return { order: earlier, created: false };
    }

    this.assertWithinRecvWindow(request);
    const limit = this.faults.current().liquidityLimit;
    if (limit && quantity.gt(limit)) {
      throw new InsufficientLiquidityError(request.quantity, limit.toFixed());
    }

    const partial = this.faults.current().partialFill;
    const quote = this.market.nextQuote();
    const order: FilledOrder = {
      orderId: `ex_${randomUUID().replace(/-/g, '')}`,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      quantity,
      quantityText: request.quantity,
      executedPrice: quote.price,
      filledAt: new Date(quote.timestamp * 1000),
      // Binance's market order on a thin book: what the book had, then EXPIRED.
      ...(partial && quantity.gt(partial) && { executedQtyText: partial.toFixed(2) }),
    };
    // Journalled before it is answered: a fill the client may have seen is never forgotten.
    this.journal.append(order);
    this.record(order);
    this.houseAccount.applyFill(order);
    this.logger.log(
      `filled ${order.orderId}${order.clientOrderId ? ` (${order.clientOrderId})` : ''}: ` +
        `${order.side} ${order.quantityText} ${order.symbol} at ${order.executedPrice.toFixed(4)}`,
    );
    return { order, created: true };
  }

  /** By the exchange's orderId first, then by the client's id. */
  find(id: string): FilledOrder {
    const order = this.ordersById.get(id) ?? this.findByClientOrderId(id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  get size(): number {
    return this.ordersById.size;
  }

  private findByClientOrderId(clientOrderId: string | undefined): FilledOrder | undefined {
    if (clientOrderId === undefined) return undefined;
    const orderId = this.orderIdByClientId.get(clientOrderId);
    return orderId === undefined ? undefined : this.ordersById.get(orderId);
  }

  /** Binance's rule: accepted while timestamp < now + 1000 and now - timestamp <= recvWindow. */
  private assertWithinRecvWindow(request: PlaceOrderRequest): void {
    if (request.timestamp === undefined) return;
    const window = request.recvWindow ?? DEFAULT_RECV_WINDOW_MS;
    const age = Date.now() - request.timestamp;
    if (age > window || -age >= MAX_CLOCK_LEAD_MS) {
      this.logger.warn(`refused ${request.clientOrderId ?? 'an order'}: ${age} ms after its timestamp, recvWindow ${window} ms`);
      throw new OutsideRecvWindowError(age, window);
    }
  }

  private assertSameOrder(earlier: FilledOrder, request: PlaceOrderRequest, quantity: Decimal): void {
    const differences: string[] = [];
    if (earlier.side !== request.side) differences.push(`side ${earlier.side}`);
    if (!earlier.quantity.eq(quantity)) differences.push(`quantity ${earlier.quantityText}`);
    if (earlier.symbol !== request.symbol) differences.push(`symbol ${earlier.symbol}`);
    if (earlier.type !== request.type) differences.push(`type ${String(earlier.type)}`);
    if (differences.length > 0) {
      throw new ClientOrderIdReusedError(request.clientOrderId ?? '', earlier.orderId, differences.join(', '));
    }
  }

  private record(order: FilledOrder): void {
    while (this.ordersById.size >= this.maxOrders) {
      // A Map iterates in insertion order: the first key is the oldest order.
      const oldest = this.ordersById.values().next().value as FilledOrder;
      this.ordersById.delete(oldest.orderId);
      if (oldest.clientOrderId !== undefined) this.orderIdByClientId.delete(oldest.clientOrderId);
    }
    this.ordersById.set(order.orderId, order);
    if (order.clientOrderId !== undefined) this.orderIdByClientId.set(order.clientOrderId, order.orderId);
  }
}
