import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OrderStatus } from '@app/prisma-client';

/** Per bank, side and type: how many orders are waiting and what they may spend. */
export interface OpenOrdersTotal {
  bankCode: string;
  side: string;
  type: string;
  count: number;
  /** AZN on a BUY, USDT on a SELL, 2 decimals. */
  amount: string;
  currency: string;
}

export interface OpenOrderRow {
  orderId: string;
  bankCode: string;
  bankUserId: string;
  side: string;
  type: string;
  amount: string;
  currency: string;
  limitPrice: string | null;
  stopPrice: string | null;
  expiresAt: Date | null;
  createdAt: Date;
}

/**
 * The open (and triggered) orders per bank: what the house may have to execute at the exchange
 * (docs/orders.md, docs/operations.md). Totals from one GROUP BY; the orders oldest first.
 */
@Injectable()
export class OpenOrdersQuery {
  constructor(private readonly prisma: PrismaService) {}

  async list(bankCode?: string, limit = 500): Promise<{ totals: OpenOrdersTotal[]; orders: OpenOrderRow[] }> {
    const bank = bankCode ? await this.prisma.bank.findUnique({ where: { code: bankCode }, select: { id: true } }) : null;
    const where = {
      status: { in: [OrderStatus.OPEN, OrderStatus.TRIGGERED] },
      ...(bankCode && { bankId: bank?.id ?? '00000000-0000-0000-0000-000000000000' }),
    };
    const [groups, rows, banks] = await Promise.all([
      this.prisma.order.groupBy({ by: ['bankId', 'side', 'type', 'currency'], where, _count: { _all: true }, _sum: { amount: true } }),
      this.prisma.order.findMany({
        where,
        include: { bank: { select: { code: true } }, user: { select: { bankCustomerId: true } } },
        orderBy: { createdAt: 'asc' },
        take: limit,
      }),
      this.prisma.bank.findMany({ select: { id: true, code: true } }),
    ]);
    const codes = new Map(banks.map((b) => [b.id, b.code]));
    return {
      totals: groups.map((g) => ({
        bankCode: codes.get(g.bankId) ?? g.bankId,
        side: g.side,
        type: g.type,
        count: g._count._all,
        amount: (g._sum.amount ?? 0).toFixed(2),
        currency: g.currency,
      })),
      orders: rows.map((r) => ({
        orderId: r.id,
        bankCode: r.bank.code,
        bankUserId: r.user.bankCustomerId,
        side: r.side,
        type: r.type,
        amount: r.amount.toFixed(2),
        currency: r.currency,
        limitPrice: r.limitPrice?.toFixed(4) ?? null,
        stopPrice: r.stopPrice?.toFixed(4) ?? null,
        expiresAt: r.expiresAt,
        createdAt: r.createdAt,
      })),
    };
  }
}
