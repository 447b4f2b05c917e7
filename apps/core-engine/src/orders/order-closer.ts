import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Order, OrderStatus } from '@app/prisma-client';
import { Clock } from '../clock';
import { OutboxService } from '../outbox';
import { WalletService, withOptimisticRetry } from '../wallet';
import { orderEventData } from './order-trade';

/** How an OPEN order ends without a trade. */
export interface CloseOpenOrder {
  orderId: string;
  /** Set for a bank's cancel: the order must be this bank's. */
  bankId?: string;
  status: 'CANCELLED' | 'EXPIRED' | 'FAILED';
  /** FAILED: why (e.g. the exchange's lot rules refuse its amount at execution). */
  errorCode?: string;
}

const EVENT = { CANCELLED: 'order.cancelled', EXPIRED: 'order.expired', FAILED: 'order.failed' } as const;

/**
 * Ends an OPEN order without a trade (cancel, GTD expiry, a refusal before its trade opened),
 * in ONE Prisma interactive transaction: the conditional status change (only from OPEN: of a
 * cancel, an expiry and a trigger, exactly one moves the order on), the order's hold voided
 * with its funds released (WalletService.voidOrderHold, version-checked), and the bank's
 * event. Retried whole when the account's version moved (withOptimisticRetry).
 */
@Injectable()
export class OrderCloser {
  private readonly logger = new Logger(OrderCloser.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** The closed order with its customer's id, or null when it was not OPEN (or not the bank's): nothing written. */
  async close(c: CloseOpenOrder): Promise<{ order: Order; bankUserId: string } | null> {
    const closed = await withOptimisticRetry(`close order ${c.orderId}`, () =>
      this.prisma.$transaction(async (tx) => {
        const now = this.clock.now();
        const rows = await tx.order.updateManyAndReturn({
          where: { id: c.orderId, status: OrderStatus.OPEN, ...(c.bankId && { bankId: c.bankId }) },
          data: { status: c.status, closedAt: now, errorCode: c.errorCode ?? null, version: { increment: 1 } },
        });
        const order = rows[0];
        if (!order) return null;
        const released = await this.wallet.voidOrderHold(tx, order.id);
        if (released !== 1) throw new Error(`order ${order.id} was OPEN with ${released} pending holds`);
        const owner = await tx.user.findUniqueOrThrow({
          where: { id: order.userId },
          select: { bankCustomerId: true, bank: { select: { webhookUrl: true } } },
        });
        if (owner.bank.webhookUrl) {
          await this.outbox.enqueue(tx, this.outbox.orderEventRow(order.bankId, EVENT[c.status], orderEventData(order, owner.bankCustomerId)));
        }
        return { order, bankUserId: owner.bankCustomerId };
      }),
    );
    if (closed) this.logger.log({ event: 'order', orderId: c.orderId, status: c.status, ...(c.errorCode && { errorCode: c.errorCode }) });
    return closed;
  }
}
