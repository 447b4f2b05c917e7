import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OrderStatus } from '@app/prisma-client';
import { OrderView, UUID_PATTERN } from '@app/shared-types';
import { BankContext } from '../../auth';
import { OrderNotFoundError, OrderNotOpenError } from '../../errors';
import { OrderMatcher } from '../../matching/order-matcher.service';
import { OrderCloser } from '../order-closer';
import { orderView } from '../order-trade';

/**
 * Cancels an OPEN order: its status and its hold's release in one transaction (OrderCloser).
 * Against a trigger, exactly one wins: both change the order only while it is OPEN, and the
 * row lock makes the second see the first's outcome. A repeated cancel of a CANCELLED order
 * answers it again (a retry is safe); an order executing or done is 409 ORDER_NOT_OPEN.
 */
@Injectable()
export class CancelOrderUseCase {
  constructor(
    private readonly prisma: PrismaService,
    private readonly closer: OrderCloser,
    private readonly matcher: OrderMatcher,
  ) {}

  async execute(bank: BankContext, orderId: string): Promise<OrderView> {
    if (!UUID_PATTERN.test(orderId)) throw new OrderNotFoundError();
    const closed = await this.closer.close({ orderId, bankId: bank.id, status: 'CANCELLED' });
    if (closed) {
      this.matcher.untrack(orderId);
      return orderView(closed.order, closed.bankUserId);
    }
    const row = await this.prisma.order.findFirst({
      where: { id: orderId, bankId: bank.id },
      include: { user: { select: { bankCustomerId: true } } },
    });
    if (!row) throw new OrderNotFoundError();
    if (row.status !== OrderStatus.CANCELLED) throw new OrderNotOpenError(row.status);
    return orderView(row, row.user.bankCustomerId);
  }
}
