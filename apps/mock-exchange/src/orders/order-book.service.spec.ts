import { Logger } from '@nestjs/common';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaceOrderRequest, validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { ClientOrderIdReusedError, InsufficientLiquidityError, OrderNotFoundError, OutsideRecvWindowError } from '../errors';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { MarketService } from '../market/market.service';
import { OrderBookService } from './order-book.service';
import { HouseAccountService } from '../account/house-account.service';

function build(env: Record<string, string> = {}) {
  const config = validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', MOCK_EXCHANGE_ORDERS_FILE: '', ...env });
  const faults = new FaultSettingsService(config);
  const market = new MarketService(config, faults);
  const account = new HouseAccountService(config);
  return { book: new OrderBookService(config, market, faults, account), market, faults, account };
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

  describe('an order with a timestamp (Binance-style validity window)', () => {
    it('fills within its recvWindow', () => {
      const { book } = build();
      expect(book.place(order({ clientOrderId: 'w-1', timestamp: Date.now() - 900, recvWindow: 1000 })).created).toBe(true);
    });

    it('is refused, recorded nowhere and the walk not stepped, once its recvWindow (default 5000 ms) has passed', () => {
      const { book, market } = build();
      expect(() => book.place(order({ clientOrderId: 'w-2', timestamp: Date.now() - 1500, recvWindow: 1000 }))).toThrow(OutsideRecvWindowError);
      expect(() => book.place(order({ clientOrderId: 'w-3', timestamp: Date.now() - 5100 }))).toThrow(OutsideRecvWindowError);
      expect(book.size).toBe(0);
      expect(market.describeWalk().steps).toBe(0);
      expect(() => book.find('w-2')).toThrow(OrderNotFoundError);
    });

    it('is refused when its timestamp is 1000 ms or more ahead of the exchange clock', () => {
      const { book } = build();
      expect(() => book.place(order({ timestamp: Date.now() + 2000 }))).toThrow(OutsideRecvWindowError);
    });

    it('a repeat after the window still answers the first fill (it executed in time)', () => {
      const { book } = build();
      const first = book.place(order({ clientOrderId: 'w-4', timestamp: Date.now(), recvWindow: 1000 }));
      const repeat = book.place(order({ clientOrderId: 'w-4', timestamp: Date.now() - 60_000, recvWindow: 1000 }));
      expect(repeat).toEqual({ order: first.order, created: false });
    });
  });

  describe('the journal (MOCK_EXCHANGE_ORDERS_FILE)', () => {
    const journal = () => join(mkdtempSync(join(tmpdir(), 'mock-exchange-')), 'nested', 'orders.jsonl');

    it('a restarted book answers every fill it made, with the same numbers', () => {
      const file = journal();
      const before = build({ MOCK_EXCHANGE_ORDERS_FILE: file }).book;
      const filled = ['j-1', 'j-2'].map((id) => before.place(order({ clientOrderId: id, quantity: '12.34' })).order);
      const after = build({ MOCK_EXCHANGE_ORDERS_FILE: file }).book;
      expect(after.size).toBe(2);
      for (const o of filled) {
        const found = after.find(o.clientOrderId as string);
        expect(found.orderId).toBe(o.orderId);
        expect(found.executedPrice.toFixed(4)).toBe(o.executedPrice.toFixed(4));
        expect(found.quantityText).toBe('12.34');
        expect(found.filledAt.toISOString()).toBe(o.filledAt.toISOString());
      }
      // A repeat after the restart answers the first fill, not a second one.
      expect(after.place(order({ clientOrderId: 'j-1', quantity: '12.34' })).created).toBe(false);
    });

    it('keeps the newest MOCK_EXCHANGE_MAX_ORDERS at start, rewrites the file to them, and skips a torn last line', () => {
      const file = journal();
      const before = build({ MOCK_EXCHANGE_ORDERS_FILE: file }).book;
      for (const id of ['k-1', 'k-2', 'k-3']) before.place(order({ clientOrderId: id }));
      appendFileSync(file, '{"orderId":"ex_torn","clien');
      const after = build({ MOCK_EXCHANGE_ORDERS_FILE: file, MOCK_EXCHANGE_MAX_ORDERS: '2' }).book;
      expect(after.size).toBe(2);
      expect(() => after.find('k-1')).toThrow(OrderNotFoundError);
      expect(after.find('k-3').clientOrderId).toBe('k-3');
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    });
  });
});
