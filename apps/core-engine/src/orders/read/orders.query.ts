import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CursorPage, OrderListQueryDto, OrderView, TRANSACTION_LIST_DEFAULT_LIMIT, UUID_PATTERN } from '@app/shared-types';
import { OrderNotFoundError } from '../../errors';
import { olderThanCursor, pageOf } from '../../transactions/list-cursor';
import { orderView } from '../order-trade';

const WITH_USER = { user: { select: { bankCustomerId: true } } } as const;

/** A bank's reads of its own orders: another bank's order is "not found", never "forbidden". */
@Injectable()
export class OrdersQuery {
  constructor(private readonly prisma: PrismaService) {}

  async get(bankId: string, orderId: string): Promise<OrderView> {
    if (!UUID_PATTERN.test(orderId)) throw new OrderNotFoundError();
    const row = await this.prisma.order.findFirst({ where: { id: orderId, bankId }, include: WITH_USER });
    if (!row) throw new OrderNotFoundError();
    return orderView(row, row.user.bankCustomerId);
  }

  /** Newest first, by (createdAt, id) descending, paged by keyset as the transaction list (list-cursor.ts). */
  async list(bankId: string, query: OrderListQueryDto): Promise<CursorPage<OrderView>> {
    const limit = query.limit ? Number(query.limit) : TRANSACTION_LIST_DEFAULT_LIMIT;
    const rows = await this.prisma.order.findMany({
      where: {
        bankId,
        ...(query.bankUserId !== undefined && { user: { bankCustomerId: query.bankUserId } }),
        ...(query.status !== undefined && { status: query.status }),
        ...(query.side !== undefined && { side: query.side }),
        ...olderThanCursor(query.cursor),
      },
      include: WITH_USER,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return pageOf(rows, limit, (row) => orderView(row, row.user.bankCustomerId));
  }
}
