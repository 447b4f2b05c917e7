import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '@app/prisma-client';
import { TradeEvent, TradeEventType } from '@app/shared-types';

/**
 * The transactional outbox: an event is written in the same database transaction as the
 * change it reports, so a trade can never complete without its notification existing (or
 * the reverse). Delivery is the dispatcher's job (outbox-dispatcher.service.ts).
 */
@Injectable()
export class OutboxService {
  async enqueueTradeEvent(
    tx: Prisma.TransactionClient,
    bankId: string,
    type: TradeEventType,
    data: TradeEvent['data'],
  ): Promise<void> {
    const event: TradeEvent = { eventId: randomUUID(), type, createdAt: new Date().toISOString(), data };
    await tx.outboxEvent.create({
      data: {
        id: event.eventId,
        bankId,
        type,
        transactionId: data.transactionId,
        payload: JSON.stringify(event),
      },
    });
  }
}
