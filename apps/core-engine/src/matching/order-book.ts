import { Decimal } from '../money';
import { Heap } from './heap';

/** An OPEN order as the book keeps it: enough to know when the market crosses it, and its priority. */
export interface BookEntry {
  orderId: string;
  bankId: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'STOP';
  /**
   * The exchange price (the ask for a BUY, the bid for a SELL) at which the customer's rate
   * reaches the order's price, given its bank's spread (trigger-threshold.ts). A hint: the
   * execution checks the exact rate again on a fresh price.
   */
  threshold: Decimal;
  /** Placement time in ms: time priority among equal thresholds. */
  placedAt: number;
  /** GTD: when it expires (ms); null for GTC. */
  expiresAt: number | null;
}

/** The ticker as the book reads it: a BUY is priced on the ask, a SELL on the bid. */
export interface BookPrices {
  ask: Decimal;
  bid: Decimal;
}

/**
 * The Core Engine's book of OPEN limit and stop orders, in memory, rebuilt from the database
 * at start (OrderMatcher). Four heaps, one per way an order is crossed, each ordered so that
 * the next order to trigger is at its top (price-time priority: the most aggressive price
 * first, then the oldest):
 *  - fires when the price falls to the threshold (price <= threshold): BUY LIMIT (on the ask),
 *    SELL STOP (on the bid); highest threshold first;
 *  - fires when the price rises to it (price >= threshold): SELL LIMIT (on the bid), BUY STOP
 *    (on the ask); lowest threshold first.
 * A price that triggers nothing looks at four tops: O(1), whatever the number of open orders.
 * Each triggered order costs O(log n). A fifth heap orders GTD orders by expiry.
 *
 * Removal is lazy: `remove` forgets the entry (the `live` map) and the heaps drop it when it
 * reaches their top. The book is a hint, the database the truth: an order the book still has
 * but another replica executed or a bank cancelled fails its conditional claim and is dropped.
 */
export class OrderBook {
  private readonly live = new Map<string, BookEntry>();
  private readonly falling = { BUY: fallingHeap(), SELL: fallingHeap() };
  private readonly rising = { BUY: risingHeap(), SELL: risingHeap() };
  /**
   * GTD orders by expiry: one reference per order id, however often the order is put back
   * (an order that stays OPEN after a pass is added again each tick; a copy per add would grow
   * the heap by one object per order per tick until its expiry, up to 90 days away).
   */
  private readonly expiries = new Heap<{ orderId: string; expiresAt: number }>((a, b) => a.expiresAt < b.expiresAt);
  private readonly expiryQueued = new Set<string>();

  get size(): number {
    return this.live.size;
  }

  /** The expiry heap's length (one reference per GTD order at most): for the spec. */
  get expiryRefs(): number {
    return this.expiries.size;
  }

  has(orderId: string): boolean {
    return this.live.has(orderId);
  }

  /** Adds a copy: an entry put back after a failed execution is a new one, and its old copies in the heaps are dropped lazily. */
  add(given: BookEntry): void {
    if (this.live.has(given.orderId)) return;
    const entry = { ...given };
    this.live.set(entry.orderId, entry);
    this.heapOf(entry).push(entry);
    if (entry.expiresAt !== null && !this.expiryQueued.has(entry.orderId)) {
      this.expiries.push({ orderId: entry.orderId, expiresAt: entry.expiresAt });
      this.expiryQueued.add(entry.orderId);
    }
  }

  remove(orderId: string): void {
    this.live.delete(orderId);
  }

  /**
   * Takes out every order the prices cross, in price-time priority within each heap (the four
   * heaps interleaved by placement time would change nothing that matters: each order is its
   * own trade). The caller executes them and puts back those that did not execute.
   */
  crossed(prices: BookPrices): BookEntry[] {
    const out: BookEntry[] = [];
    this.drain(this.falling.BUY, (e) => prices.ask.lte(e.threshold), out);
    this.drain(this.falling.SELL, (e) => prices.bid.lte(e.threshold), out);
    this.drain(this.rising.SELL, (e) => prices.bid.gte(e.threshold), out);
    this.drain(this.rising.BUY, (e) => prices.ask.gte(e.threshold), out);
    return out;
  }

  /** Takes out the GTD orders whose expiry is at or before `nowMs`. */
  expired(nowMs: number): BookEntry[] {
    const out: BookEntry[] = [];
    for (let top = this.expiries.peek(); top; top = this.expiries.peek()) {
      const entry = this.live.get(top.orderId);
      if (entry && top.expiresAt > nowMs) break;
      this.expiries.pop();
      this.expiryQueued.delete(top.orderId);
      if (!entry) continue; // removed (cancelled, or out being executed): added again with a new reference if it comes back
      this.live.delete(top.orderId);
      out.push(entry);
    }
    return out;
  }

  private drain(heap: Heap<BookEntry>, crosses: (e: BookEntry) => boolean, out: BookEntry[]): void {
    for (let top = heap.peek(); top; top = heap.peek()) {
      if (this.live.get(top.orderId) !== top) {
        heap.pop(); // removed, or re-added as another entry
        continue;
      }
      if (!crosses(top)) return;
      heap.pop();
      this.live.delete(top.orderId);
      out.push(top);
    }
  }

  private heapOf(e: BookEntry): Heap<BookEntry> {
    const fallsToIt = (e.side === 'BUY') === (e.type === 'LIMIT');
    return fallsToIt ? this.falling[e.side] : this.rising[e.side];
  }
}

function fallingHeap(): Heap<BookEntry> {
  return new Heap<BookEntry>((a, b) => (a.threshold.eq(b.threshold) ? a.placedAt < b.placedAt : a.threshold.gt(b.threshold)));
}

function risingHeap(): Heap<BookEntry> {
  return new Heap<BookEntry>((a, b) => (a.threshold.eq(b.threshold) ? a.placedAt < b.placedAt : a.threshold.lt(b.threshold)));
}
