import { Injectable } from '@nestjs/common';
import { OrderStatus, Prisma } from '@app/prisma-client';
import { OutboxService } from '../outbox';
import { OrderOfTrade, orderEventData } from './order-trade';

type Tx = Prisma.TransactionClient;

/**
 * The last step of an order, written by its trade's phase 3 or failure (TradeStore.settle /
 * fail), in that same database transaction: the order FILLED (or FAILED) with its event. So
 * whatever finishes the trade (the matcher, the reconciler after a crash, an operator) also
 * finishes the order, and an order is never FILLED without its trade COMPLETED, or the reverse.
 */
@Injectable()
export class OrderOutcome {
  constructor(private readonly outbox: OutboxService) {}

  async finish(
    tx: Tx,
    order: OrderOfTrade,
    transactionId: string,
    outcome: { status: 'FILLED'; exchangeRate: string } | { status: 'FAILED'; errorCode: string },
    now: Date,
  ): Promise<void> {
    const rows = await tx.order.updateManyAndReturn({
      where: { id: order.orderId, transactionId, status: OrderStatus.TRIGGERED },
      data: {
        status: outcome.status,
        errorCode: outcome.status === 'FAILED' ? outcome.errorCode : null,
        closedAt: now,
        version: { increment: 1 },
      },
    });
    // The trade is the order's (its key says so) and still PENDING: its order must be TRIGGERED.
    const row = rows[0];
    if (!row) throw new Error(`order ${order.orderId} of trade ${transactionId} is not TRIGGERED`);
    if (!order.withEvent) return;
    const type = outcome.status === 'FILLED' ? 'order.filled' : 'order.failed';
    const rate = outcome.status === 'FILLED' ? outcome.exchangeRate : null;
    await this.outbox.enqueue(tx, this.outbox.orderEventRow(order.bankId, type, orderEventData(row, order.bankUserId, rate)));
  }
}
