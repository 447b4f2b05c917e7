import { Decimal } from '../money';
import { BookEntry, OrderBook } from './order-book';
import { customerRate, rateSatisfies, triggerThreshold } from './trigger-rules';

const d = (v: string) => new Decimal(v);
const entry = (
  orderId: string,
  side: 'BUY' | 'SELL',
  type: 'LIMIT' | 'STOP',
  threshold: string,
  placedAt: number,
  expiresAt: number | null = null,
): BookEntry => ({
  orderId,
  bankId: 'bank',
  side,
  type,
  threshold: d(threshold),
  placedAt,
  expiresAt,
});
const ids = (entries: BookEntry[]) => entries.map((e) => e.orderId);

describe('OrderBook', () => {
  it('takes out only the crossed orders, in price-time priority, each direction on its side of the market', () => {
    const book = new OrderBook();
    book.add(entry('buy-limit-1.66', 'BUY', 'LIMIT', '1.6600', 1));
    book.add(entry('buy-limit-1.67-late', 'BUY', 'LIMIT', '1.6700', 3));
    book.add(entry('buy-limit-1.67-early', 'BUY', 'LIMIT', '1.6700', 2));
    book.add(entry('buy-stop-1.70', 'BUY', 'STOP', '1.7000', 4));
    book.add(entry('sell-limit-1.72', 'SELL', 'LIMIT', '1.7200', 5));
    book.add(entry('sell-stop-1.64', 'SELL', 'STOP', '1.6400', 6));

    // Nothing crosses between the thresholds.
    expect(book.crossed({ ask: d('1.6800'), bid: d('1.6800') })).toEqual([]);
    expect(book.size).toBe(6);

    // The ask falls to 1.6700: the two BUY LIMITs at 1.6700 (the earlier first), not the one at 1.6600.
    expect(ids(book.crossed({ ask: d('1.6700'), bid: d('1.6800') }))).toEqual(['buy-limit-1.67-early', 'buy-limit-1.67-late']);
    // The ask rises to 1.7000, the bid to 1.7200: the BUY STOP and the SELL LIMIT.
    expect(ids(book.crossed({ ask: d('1.7000'), bid: d('1.7200') })).sort()).toEqual(['buy-stop-1.70', 'sell-limit-1.72']);
    // The bid falls to 1.6400: the SELL STOP; the ask at 1.6600 takes the last BUY LIMIT.
    expect(ids(book.crossed({ ask: d('1.6600'), bid: d('1.6400') })).sort()).toEqual(['buy-limit-1.66', 'sell-stop-1.64']);
    expect(book.size).toBe(0);
  });

  it('forgets a removed order (lazily) and takes a re-added one once', () => {
    const book = new OrderBook();
    const a = entry('a', 'BUY', 'LIMIT', '1.7000', 1, 1000);
    book.add(a);
    book.add(entry('b', 'BUY', 'LIMIT', '1.7000', 2));
    book.remove('a');
    expect(ids(book.crossed({ ask: d('1.6000'), bid: d('1.6000') }))).toEqual(['b']);
    book.add(a); // back after a failed execution
    book.add(a); // twice is once
    expect(ids(book.crossed({ ask: d('1.6000'), bid: d('1.6000') }))).toEqual(['a']);
    expect(book.expired(2000)).toEqual([]);
  });

  it('expires GTD orders in expiry order, only those due', () => {
    const book = new OrderBook();
    book.add(entry('late', 'SELL', 'LIMIT', '9.0000', 1, 3000));
    book.add(entry('early', 'SELL', 'LIMIT', '9.0000', 2, 1000));
    book.add(entry('gtc', 'SELL', 'LIMIT', '9.0000', 3));
    expect(ids(book.expired(999))).toEqual([]);
    expect(ids(book.expired(3000))).toEqual(['early', 'late']);
    expect(book.size).toBe(1);
  });

  it('a tick that triggers nothing does not depend on how many orders wait', () => {
    const book = new OrderBook();
    // All four kinds, none crossed at 1.7000: BUY LIMITs and SELL STOPs low, SELL LIMITs and BUY STOPs high.
    const kinds = [
      ['BUY', 'LIMIT', '1.0000'],
      ['SELL', 'STOP', '1.0000'],
      ['SELL', 'LIMIT', '9.0000'],
      ['BUY', 'STOP', '9.0000'],
    ] as const;
    for (let i = 0; i < 50_000; i++) {
      const [side, type, threshold] = kinds[i % 4];
      book.add(entry(`o${i}`, side, type, threshold, i));
    }
    const lte = jest.spyOn(Decimal.prototype, 'lte');
    const gte = jest.spyOn(Decimal.prototype, 'gte');
    expect(book.crossed({ ask: d('1.7000'), bid: d('1.7000') })).toEqual([]);
    // One comparison per heap top: four, for 50,000 orders as for one.
    expect(lte.mock.calls.length + gte.mock.calls.length).toBe(4);
    lte.mockRestore();
    gte.mockRestore();
  });
});

describe('trigger rules', () => {
  it('a BUY LIMIT at 1.7000 with a 150 bps spread: the book waits for the ask at 1.7000 / 1.015, the rate decides', () => {
    const order = { side: 'BUY' as const, type: 'LIMIT' as const, price: d('1.7000') };
    expect(triggerThreshold(order, 150).toFixed(8)).toBe('1.67487685');
    expect(customerRate('BUY', d('1.6847'), 150).toFixed(4)).toBe('1.7100');
    expect(rateSatisfies(order, customerRate('BUY', d('1.6847'), 150))).toBe(false);
    expect(rateSatisfies(order, customerRate('BUY', d('1.6700'), 150))).toBe(true);
  });

  it('SELL LIMIT at or above; BUY STOP risen to; SELL STOP fallen to', () => {
    expect(rateSatisfies({ side: 'SELL', type: 'LIMIT', price: d('1.7000') }, d('1.7000'))).toBe(true);
    expect(rateSatisfies({ side: 'SELL', type: 'LIMIT', price: d('1.7000') }, d('1.6999'))).toBe(false);
    expect(rateSatisfies({ side: 'BUY', type: 'STOP', price: d('1.7200') }, d('1.7200'))).toBe(true);
    expect(rateSatisfies({ side: 'BUY', type: 'STOP', price: d('1.7200') }, d('1.7199'))).toBe(false);
    expect(rateSatisfies({ side: 'SELL', type: 'STOP', price: d('1.6500') }, d('1.6500'))).toBe(true);
    expect(rateSatisfies({ side: 'SELL', type: 'STOP', price: d('1.6500') }, d('1.6501'))).toBe(false);
  });

  it('an order put back tick after tick keeps one expiry reference, and still expires (review finding: the heap grew by one per tick)', () => {
    const book = new OrderBook();
    const gtd = entry('gtd-1', 'BUY', 'LIMIT', '1.0000', 1, 10_000);
    for (let tick = 0; tick < 1000; tick++) {
      book.add(gtd);
      expect(ids(book.crossed({ bid: d('0.9'), ask: d('0.9') }))).toEqual(['gtd-1']);
    }
    book.add(gtd);
    expect(book.expiryRefs).toBe(1);
    expect(book.expired(9_999)).toEqual([]);
    expect(ids(book.expired(10_000))).toEqual(['gtd-1']);
    expect([book.size, book.expiryRefs]).toEqual([0, 0]);
  });
});
