import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { PrismaService } from '@app/database';
import { ExchangeClient } from '../../exchange';
import { Decimal } from '../../money';
import { MetricsService } from '../../metrics';
import { TREE_CURRENCIES, TreeCurrency } from '../tree';

export type VenueBalances = Record<TreeCurrency, string>;

export interface ReservesLine {
  currency: TreeCurrency;
  /** The house's holdings at the venue (free + locked), 8 decimals; null when the venue did not answer. */
  reserves: string | null;
  /** The sum of every bank's latest snapshot totals. */
  liabilities: string;
  /** reserves − liabilities; null without reserves. */
  surplus: string | null;
  banks: number;
  oldestSnapshotAt: string | null;
}

/**
 * The house's reserves at the venue against the liabilities of all banks (docs/proofs.md):
 * the venue's GET /api/v3/account (as Binance's) against the latest snapshot of each bank, per
 * currency, as a metric (`reserves_minus_liabilities`), and an alert (a log line at error and
 * `reserves_shortfall_total`) when a currency becomes short. The venue is the trades' own
 * (EXCHANGE_VENUE: the Mock Exchange, or Binance's signed account read). The alert fires once
 * per shortfall, not once per look: the treasury API and the operator's page read the position
 * on every request, and a counter of page views would say nothing.
 */
@Injectable()
export class ReservesService {
  private readonly logger = new Logger(ReservesService.name);
  private readonly surplusGauge: Gauge<'currency'>;
  private readonly shortfalls: Counter<'currency'>;
  /** The currencies short at the last look: the alert fires when one enters this set. */
  private readonly short = new Set<TreeCurrency>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly exchange: ExchangeClient,
    metrics: MetricsService,
  ) {
    const existing = metrics.registry.getSingleMetric('reserves_minus_liabilities') as Gauge<'currency'> | undefined;
    this.surplusGauge =
      existing ??
      new Gauge({
        name: 'reserves_minus_liabilities',
        help: "The house's venue holdings minus all banks' latest snapshot liabilities, per currency",
        labelNames: ['currency'],
        registers: [metrics.registry],
      });
    this.shortfalls =
      (metrics.registry.getSingleMetric('reserves_shortfall_total') as Counter<'currency'> | undefined) ??
      new Counter({
        name: 'reserves_shortfall_total',
        help: 'Reserves checks that found a currency short of its liabilities',
        labelNames: ['currency'],
        registers: [metrics.registry],
      });
  }

  /** The venue's balances per currency, or null when it does not answer usably. */
  async venueBalances(): Promise<VenueBalances | null> {
    try {
      const balances = await this.exchange.accountBalances();
      const out = {} as VenueBalances;
      for (const c of TREE_CURRENCIES) {
        const b = balances.find((x) => x.asset === c);
        if (!b || !/^-?\d+(\.\d+)?$/.test(b.free) || !/^\d+(\.\d+)?$/.test(b.locked)) throw new Error(`no readable ${c} balance`);
        out[c] = new Decimal(b.free).plus(b.locked).toFixed(8);
      }
      return out;
    } catch (err) {
      this.logger.warn(
        { event: 'reserves_unavailable', err: err instanceof Error ? err.message : String(err) },
        'the venue account could not be read',
      );
      return null;
    }
  }

  /** Reserves minus liabilities per currency, now; sets the metric and alerts on a shortfall. */
  async position(): Promise<ReservesLine[]> {
    const [venue, latest] = await Promise.all([
      this.venueBalances(),
      this.prisma.$queryRaw<{ totalAzn: string; totalUsdt: string; takenAt: Date }[]>`
        SELECT DISTINCT ON ("bankId") "totalAzn"::text AS "totalAzn", "totalUsdt"::text AS "totalUsdt", "takenAt"
          FROM "LiabilitySnapshot" ORDER BY "bankId", "takenAt" DESC`,
    ]);
    const oldest = latest.reduce<Date | null>((o, r) => (o === null || r.takenAt < o ? r.takenAt : o), null);
    return TREE_CURRENCIES.map((currency) => {
      const liabilities = latest.reduce((s, r) => s.plus(currency === 'AZN' ? r.totalAzn : r.totalUsdt), new Decimal(0));
      const surplus = venue ? new Decimal(venue[currency]).minus(liabilities) : null;
      if (surplus) {
        this.surplusGauge.set({ currency }, surplus.toNumber());
        if (!surplus.isNegative() && this.short.delete(currency)) {
          this.logger.warn(
            { event: 'reserves_recovered', currency, surplus: surplus.toFixed(8) },
            `reserves of ${currency} cover the liabilities again`,
          );
        }
        if (surplus.isNegative() && !this.short.has(currency)) {
          this.short.add(currency);
          this.shortfalls.inc({ currency });
          this.logger.error(
            { event: 'reserves_shortfall', currency, reserves: venue![currency], liabilities: liabilities.toFixed(8), surplus: surplus.toFixed(8) },
            `reserves of ${currency} are short of the liabilities by ${surplus.negated().toFixed(8)}`,
          );
        }
      }
      return {
        currency,
        reserves: venue ? venue[currency] : null,
        liabilities: liabilities.toFixed(8),
        surplus: surplus ? surplus.toFixed(8) : null,
        banks: latest.length,
        oldestSnapshotAt: oldest ? oldest.toISOString() : null,
      };
    });
  }
}
