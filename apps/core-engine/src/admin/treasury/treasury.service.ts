import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Currency } from '@app/prisma-client';
import { Decimal } from '../../money';
import { ValidationError } from '../../errors';

/** Reports print the ledger's own scale: sums of Decimal(20,8) values are exact, nothing is rounded. */
const SCALE = 8;
const sum = (v: { toString(): string } | null | undefined) => new Decimal(v === null || v === undefined ? 0 : v.toString());

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day `YYYY-MM-DD` as [start, end). */
export function utcDay(day: string): { from: Date; to: Date } {
  const from = DAY.test(day) ? new Date(`${day}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(from.getTime()) || from.toISOString().slice(0, 10) !== day) throw new ValidationError('day must be a date YYYY-MM-DD (UTC)');
  return { from, to: new Date(from.getTime() + 24 * 3600 * 1000) };
}

/**
 * What the house holds and earned, read from the ledger and the transactions (read-only
 * reports: the SQL here only sums, it never decides a movement).
 */
@Injectable()
export class TreasuryService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Per currency: the house's position (the sum of the omnibus sub-accounts), what customers
   * hold and what the banks' settlement accounts stand at. The three sum to zero per currency
   * (every transfer is balanced), which `balanced` says.
   */
  async positions() {
    const rows = await this.prisma.account.groupBy({ by: ['currency', 'kind'], _sum: { balance: true } });
    return Object.values(Currency).map((currency) => {
      const of = (kind: AccountKind) => sum(rows.find((r) => r.currency === currency && r.kind === kind)?._sum.balance);
      const omnibus = of(AccountKind.OMNIBUS);
      const customers = of(AccountKind.USER);
      const settlement = of(AccountKind.BANK_SETTLEMENT);
      return {
        currency,
        house: omnibus.toFixed(SCALE),
        customers: customers.toFixed(SCALE),
        bankSettlements: settlement.toFixed(SCALE),
        balanced: omnibus.plus(customers).plus(settlement).isZero(),
      };
    });
  }

  /**
   * Per bank and currency: the net flow into the house from its customers' trades (the sum of
   * the omnibus rows of its transactions: AZN in on buys, out on sells; USDT the other way)
   * and its settlement account (negative: AZN the bank moved in for its customers, net).
   */
  async bankFlows() {
    const flows = await this.prisma.$queryRaw<{ code: string; currency: Currency; kind: AccountKind; total: string }[]>`
      SELECT b.code, l.currency, a.kind, SUM(l.amount)::text AS total
        FROM "Ledger" l
        JOIN "Account" a ON a.id = l."accountId"
        JOIN "Transaction" t ON t.id = l."transactionId"
        JOIN "Bank" b ON b.id = t."bankId"
       WHERE a.kind IN ('OMNIBUS', 'BANK_SETTLEMENT')
       GROUP BY b.code, l.currency, a.kind
       ORDER BY b.code, l.currency`;
    const banks = await this.prisma.bank.findMany({ select: { code: true }, orderBy: { code: 'asc' } });
    return banks.flatMap(({ code }) =>
      Object.values(Currency).map((currency) => {
        const of = (kind: AccountKind) => sum(flows.find((f) => f.code === code && f.currency === currency && f.kind === kind)?.total);
        return {
          bank: code,
          currency,
          netFlowToHouse: of(AccountKind.OMNIBUS).toFixed(SCALE),
          settlement: of(AccountKind.BANK_SETTLEMENT).toFixed(SCALE),
        };
      }),
    );
  }

  /**
   * Spread revenue by bank and UTC day of completion, in AZN: the sum of the completed trades'
   * feeAmount, which is what the house kept after the exchange's fill (docs/rounding.md rules 3
   * and 6), so a fill that moved against the house is a loss. Losses are also shown apart.
   */
  async revenue(fromDay: string, toDay: string) {
    const from = utcDay(fromDay).from;
    const to = utcDay(toDay).to;
    if (to <= from) throw new ValidationError('to must not be before from');
    if (to.getTime() - from.getTime() > 366 * 24 * 3600 * 1000) throw new ValidationError('at most 366 days at once');
    const rows = await this.prisma.$queryRaw<{ code: string; day: string; trades: number; revenue: string; losses: string; lossTrades: number }[]>`
      SELECT b.code,
             to_char(t."completedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             COUNT(*)::int AS trades,
             SUM(t."feeAmount")::text AS revenue,
             COALESCE(SUM(t."feeAmount") FILTER (WHERE t."feeAmount" < 0), 0)::text AS losses,
             COUNT(*) FILTER (WHERE t."feeAmount" < 0)::int AS "lossTrades"
        FROM "Transaction" t
        JOIN "Bank" b ON b.id = t."bankId"
       WHERE t.status = 'COMPLETED' AND t.type IN ('BUY', 'SELL')
         AND t."completedAt" >= ${from} AND t."completedAt" < ${to}
       GROUP BY b.code, day
       ORDER BY day, b.code`;
    return rows.map((r) => ({
      bank: r.code,
      day: r.day,
      trades: r.trades,
      revenue: sum(r.revenue).toFixed(SCALE),
      losses: sum(r.losses).toFixed(SCALE),
      lossTrades: r.lossTrades,
      currency: 'AZN' as const,
    }));
  }
}
