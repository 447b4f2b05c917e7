import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { PlaceOrderRequest } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { ClientOrderIdReusedError, InsufficientLiquidityError, OrderNotFoundError } from '../errors';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { MarketService } from '../market/market.service';
import { FilledOrder } from './filled-order';

export interface PlacedOrder {
  order: FilledOrder;
  /** False when a repeated clientOrderId returned the order filled before. */
  created: boolean;
}

/**
 * The mock's order book, in memory. A clientOrderId fills at most once: a repeat returns
 * the first fill, so a client that lost an answer can safely send the order again.
 * Bounded: past MOCK_EXCHANGE_MAX_ORDERS the oldest orders are forgotten.
 */
@Injectable()
export class OrderBookService {
  private readonly logger = new Logger(OrderBookService.name);
  private readonly ordersById = new Map<string, FilledOrder>();
  private readonly orderIdByClientId = new Map<string, string>();
  private readonly maxOrders: number;

  constructor(
    config: MockExchangeConfig,
    private readonly market: MarketService,
    private readonly faults: FaultSettingsService,
  ) {
    this.maxOrders = config.MOCK_EXCHANGE_MAX_ORDERS;
  }

  place(request: PlaceOrderRequest): PlacedOrder {
    const quantity = new Decimal(request.quantity);
    const earlier = this.findByClientOrderId(request.clientOrderId);
    if (earlier) {
      this.assertSameOrder(earlier, request, quantity);
      this.logger.log(`repeat of clientOrderId ${earlier.clientOrderId}: answering with ${earlier.orderId} again`);
      return { order: earlier, created: false };
    }

    const limit = this.faults.current().liquidityLimit;
    if (limit && quantity.gt(limit)) {
      throw new InsufficientLiquidityError(request.quantity, limit.toFixed());
    }

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
    };
    this.record(order);
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
