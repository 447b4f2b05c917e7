import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OrderStatus } from '@app/prisma-client';
import { Clock } from '../clock';
import { CoreConfig } from '../config';
import { ExchangeClient } from '../exchange';
import { MetricsService } from '../metrics';
import { Decimal } from '../money';
import { OrderCloser } from '../orders/order-closer';
import { ExecuteOrderUseCase, ExecutionOutcome } from './execute-order.use-case';
import { BookEntry, BookPrices, OrderBook } from './order-book';
import { OrderTerms, triggerThreshold } from './trigger-rules';

/** An order as the book learns it: at placement, or from the database. */
export interface TrackedOrder {
  orderId: string;
  bankId: string;
  terms: OrderTerms;
  spreadBps: number;
  placedAt: Date;
  expiresAt: Date | null;
}

/** Which banks' orders a pass executes (tests sharing a database stay out of each other's way with it, as with the reconciler's scope). */
export interface MatchScope {
  bankIds?: string[];
}

export interface MatchReport {
  crossed: number;
  expired: number;
  outcomes: Partial<Record<ExecutionOutcome, number>>;
}

/** Orders changed this long before the last sync are read again: a slow commit of another replica is not missed. */
const SYNC_OVERLAP_MS = 5000;
/** The outcomes after which the order stays OPEN: back into the book. */
const STAYS_OPEN: ReadonlySet<ExecutionOutcome> = new Set(['not_crossed', 'unavailable', 'suspended']);

/**
 * Follows the exchange's price and executes the orders it crosses (docs/orders.md). Every
 * ORDER_MATCH_INTERVAL_MS: learn the orders placed (or back to OPEN) on other replicas since
 * the last sync (an indexed read of the recently changed OPEN orders), read the ticker once,
 * expire the GTD orders due, and take the crossed orders out of the book in price-time
 * priority to execute them, ORDER_EXECUTION_CONCURRENCY at a time. The book starts from the
 * database (every OPEN order) at boot.
 *
 * Several replicas each keep a book of every OPEN order, and all may try the same order: the
 * conditional claim OPEN to TRIGGERED (TradeStore.openOnOrderHold) lets exactly one execute it.
 */
@Injectable()
export class OrderMatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderMatcher.name);
  readonly book = new OrderBook();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<MatchReport> | null = null;
  private stopped = false;
  private syncedUntil: Date | null = null;
  private priceMissing = false;
  /** Orders taken out of the book and executing in this process: a sync must not put them back meanwhile. */
  private readonly executing = new Set<string>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly exchange: ExchangeClient,
    private readonly executor: ExecuteOrderUseCase,
    private readonly closer: OrderCloser,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    private readonly config: CoreConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Off (a shell command's context, tests that drive it): the first runOnce loads the book.
    if (this.config.ORDER_MATCH_INTERVAL_MS <= 0) return;
    await this.sync().catch((err: Error) => this.logger.error(`the order book could not be loaded: ${err.message}`));
    this.logger.log(`order book: ${this.book.size} open orders`);
    const tick = () => {
      void this.runOnce()
        .catch((err: Error) => this.logger.error(`order matching failed: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.ORDER_MATCH_INTERVAL_MS);
        });
    };
    this.timer = setTimeout(tick, this.config.ORDER_MATCH_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** An order placed in this process joins the book at once. */
  track(order: TrackedOrder): void {
    this.book.add(entryOf(order));
  }

  /** A cancelled order leaves the book (lazily). */
  untrack(orderId: string): void {
    this.book.remove(orderId);
  }

  /** One pass: sync, read the price, expire, execute (the timer's; tests call it too, for their banks only). */
  runOnce(scope: MatchScope = {}): Promise<MatchReport> {
    this.running ??= this.pass(scope).finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Executes what `prices` cross, and expires what is due, without reading the ticker: the
   * matcher's own pass after its ticker read, and tests that drive a price directly (the
   * execution still reads a fresh price for each order, as always).
   */
  async onPrices(prices: BookPrices, scope: MatchScope = {}): Promise<MatchReport> {
    if (this.syncedUntil === null) await this.sync();
    const report: MatchReport = { crossed: 0, expired: 0, outcomes: {} };
    await this.expireDue(report, scope);
    const crossed = this.inScope(this.book.crossed(prices), scope);
    report.crossed = crossed.length;
    await this.executeAll(crossed, report);
    return report;
  }

  /** The entries of the scope's banks; the others go straight back into the book. */
  private inScope(entries: BookEntry[], scope: MatchScope): BookEntry[] {
    if (!scope.bankIds) return entries;
    const banks = new Set(scope.bankIds);
    const mine = entries.filter((e) => banks.has(e.bankId));
    for (const e of entries) if (!banks.has(e.bankId)) this.book.add(e);
    return mine;
  }

  private async pass(scope: MatchScope): Promise<MatchReport> {
    await this.sync();
    let prices: BookPrices;
    try {
      prices = await this.exchange.prices(0);
    } catch (err) {
      // No price: nothing triggers. Expiry does not need one. Said once per outage, not every tick.
      if (!this.priceMissing) this.logger.warn(`no price for order matching (said again when it is back): ${(err as Error).message}`);
      this.priceMissing = true;
      const report: MatchReport = { crossed: 0, expired: 0, outcomes: {} };
      await this.expireDue(report, scope);
      return report;
    }
    if (this.priceMissing) this.logger.log('order matching has a price again');
    this.priceMissing = false;
    return this.onPrices(prices, scope);
  }

  /** Adds the OPEN orders changed since the last sync (all of them the first time), skipping those this process is executing. */
  async sync(): Promise<void> {
    const startedAt = this.clock.now();
    const since = this.syncedUntil ? new Date(this.syncedUntil.getTime() - SYNC_OVERLAP_MS) : null;
    const rows = await this.prisma.order.findMany({
      where: { status: OrderStatus.OPEN, ...(since && { updatedAt: { gte: since } }) },
      select: {
        id: true,
        bankId: true,
        side: true,
        type: true,
        limitPrice: true,
        stopPrice: true,
        createdAt: true,
        expiresAt: true,
        bank: { select: { spreadBps: true } },
      },
    });
    for (const r of rows) {
      if (this.executing.has(r.id) || this.book.has(r.id)) continue;
      const terms: OrderTerms = {
        side: r.side === 'BUY' ? 'BUY' : 'SELL',
        type: r.type,
        price: new Decimal((r.limitPrice ?? r.stopPrice ?? 0).toString()),
      };
      this.track({ orderId: r.id, bankId: r.bankId, terms, spreadBps: r.bank.spreadBps, placedAt: r.createdAt, expiresAt: r.expiresAt });
    }
    this.syncedUntil = startedAt;
  }

  private async expireDue(report: MatchReport, scope: MatchScope): Promise<void> {
    for (const entry of this.inScope(this.book.expired(this.clock.now().getTime()), scope)) {
      const closed = await this.closer.close({ orderId: entry.orderId, status: 'EXPIRED' }).catch((err: Error) => {
        this.logger.error(`order ${entry.orderId} could not be expired: ${err.message}`);
        this.book.add(entry);
        return null;
      });
      if (closed) {
        report.expired++;
        this.metrics.orderExpired();
      }
    }
  }

  /** Price-time priority: in the order `crossed` gave, ORDER_EXECUTION_CONCURRENCY at a time. */
  private async executeAll(entries: BookEntry[], report: MatchReport): Promise<void> {
    const queue = [...entries];
    for (const e of queue) this.executing.add(e.orderId);
    const worker = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const outcome = await this.executor.execute(e.orderId).catch((err: Error) => {
          this.logger.error(`order ${e.orderId} could not be executed: ${err.message}`);
          return 'unavailable' as const;
        });
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        this.metrics.orderTriggered(outcome);
        this.executing.delete(e.orderId);
        if (STAYS_OPEN.has(outcome)) this.book.add(e);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.ORDER_EXECUTION_CONCURRENCY, queue.length) }, worker));
  }
}

function entryOf(o: TrackedOrder): BookEntry {
  return {
    orderId: o.orderId,
    bankId: o.bankId,
    side: o.terms.side,
    type: o.terms.type,
    threshold: triggerThreshold(o.terms, o.spreadBps),
    placedAt: o.placedAt.getTime(),
    expiresAt: o.expiresAt?.getTime() ?? null,
  };
}
