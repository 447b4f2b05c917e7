import { Logger } from '@nestjs/common';
import { PlaceOrderRequest, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { ClientOrderIdReusedError, InsufficientLiquidityError, OrderNotFoundError } from '../errors';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { MarketService } from '../market/market.service';
import { OrderBookService } from './order-book.service';

function build(env: Record<string, string> = {}) {
  const config = validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', ...env });
  const faults = new FaultSettingsService(config);
  const market = new MarketService(config, faults);
  return { book: new OrderBookService(config, market, faults), market, faults };
}

const order = (overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  symbol: 'AZNUSDT',
  side: 'BUY',
  quantity: '50.00',
  type: 'MARKET',
  ...overrides,
});

describe('OrderBookService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('fills a market order at the next walk price and echoes the quantity as sent', () => {
    const { book } = build({ MOCK_EXCHANGE_SEED: '3' });
    const twin = build({ MOCK_EXCHANGE_SEED: '3' }).market;
    const { order: filled, created } = book.place(order({ quantity: '50.5' }));
    expect(created).toBe(true);
    expect(filled.executedPrice.toFixed(4)).toBe(twin.nextQuote().price.toFixed(4));
    expect(filled.quantityText).toBe('50.5');
    expect(filled.orderId).toMatch(/^ex_[0-9a-f]{32}$/);
  });

  it('fills SELL like BUY', () => {
    const { book } = build();
    expect(book.place(order({ side: 'SELL' })).order.side).toBe('SELL');
  });

  describe('a repeated clientOrderId', () => {
    it('returns the first fill (same orderId, same price) and does not fill again', () => {
      const { book, market } = build();
      const first = book.place(order({ clientOrderId: 'trade-1' }));
      const stepsAfterFirst = market.describeWalk().steps;
      const repeat = book.place(order({ clientOrderId: 'trade-1' }));
      expect(repeat.created).toBe(false);
      expect(repeat.order).toBe(first.order);
      expect(book.size).toBe(1);
      expect(market.describeWalk().steps).toBe(stepsAfterFirst);
    });

    it('counts "50" and "50.00" as the same quantity, and keeps the first text', () => {
      const { book } = build();
      const first = book.place(order({ clientOrderId: 'trade-2', quantity: '50.00' }));
      const repeat = book.place(order({ clientOrderId: 'trade-2', quantity: '50' }));
      expect(repeat.order.orderId).toBe(first.order.orderId);
      expect(repeat.order.quantityText).toBe('50.00');
    });

    it.each([
      ['side', { side: 'SELL' as const }],
      ['quantity', { quantity: '50.01' }],
    ])('is refused when the %s differs', (_field, change) => {
      const { book } = build();
      book.place(order({ clientOrderId: 'trade-3' }));
      expect(() => book.place(order({ clientOrderId: 'trade-3', ...change }))).toThrow(ClientOrderIdReusedError);
      expect(book.size).toBe(1);
    });

    it('is returned even when the liquidity limit has since dropped below it', () => {
      const { book, faults } = build();
      const first = book.place(order({ clientOrderId: 'trade-4' }));
      faults.update({ liquidityLimit: '10' });
      expect(book.place(order({ clientOrderId: 'trade-4' })).order.orderId).toBe(first.order.orderId);
    });
  });

  it('rejects an order above the liquidity limit, records nothing and does not step the walk', () => {
    const { book, market } = build({ MOCK_EXCHANGE_LIQUIDITY_LIMIT: '100' });
    expect(() => book.place(order({ quantity: '100.01', clientOrderId: 'big' }))).toThrow(InsufficientLiquidityError);
    expect(book.size).toBe(0);
    expect(market.describeWalk().steps).toBe(0);
    expect(() => book.find('big')).toThrow(OrderNotFoundError);
    // Exactly the limit still fills.
    expect(book.place(order({ quantity: '100' })).created).toBe(true);
  });

  it('finds an order by orderId and by clientOrderId', () => {
    const { book } = build();
    const { order: filled } = book.place(order({ clientOrderId: 'find-me' }));
    expect(book.find(filled.orderId)).toBe(filled);
    expect(book.find('find-me')).toBe(filled);
    expect(() => book.find('unknown')).toThrow(OrderNotFoundError);
  });

  it('forgets the oldest orders past MOCK_EXCHANGE_MAX_ORDERS', () => {
    const { book } = build({ MOCK_EXCHANGE_MAX_ORDERS: '3' });
    const ids = ['a', 'b', 'c', 'd'].map((id) => book.place(order({ clientOrderId: id })).order.orderId);
    expect(book.size).toBe(3);
    expect(() => book.find('a')).toThrow(OrderNotFoundError);
    expect(() => book.find(ids[0])).toThrow(OrderNotFoundError);
    expect(book.find('d').orderId).toBe(ids[3]);
  });
});
