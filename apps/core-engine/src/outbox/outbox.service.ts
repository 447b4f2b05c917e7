import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '@app/prisma-client';
import { CoreEvent, CoreEventType, FundingEvent, FundingEventType, OrderEvent, OrderEventType, TradeEvent, TradeEventType } from '@app/shared-types';

/** An outbox row about to be written: the event's id, its type and its JSON payload. */
export interface OutboxRow {
  id: string;
  bankId: string;
  type: CoreEventType;
  payload: string;
  /** The transaction the event is about; null for an order event before its trade (order.placed, order.cancelled, order.expired). */
  transactionId: string | null;
}

/**
 * The transactional outbox: an event is written in the same database transaction as the
 * change it reports, so a trade can never complete without its notification existing (or
 * the reverse). Delivery is the dispatcher's job (outbox-dispatcher.service.ts).
 */
@Injectable()
export class OutboxService {
  /** The row of a trade event, for `enqueue` in the transaction that settles, fails or answers 202 for the trade. */
  tradeEventRow(bankId: string, type: TradeEventType, data: TradeEvent['data']): OutboxRow {
    return this.row(bankId, { eventId: randomUUID(), type, createdAt: new Date().toISOString(), data });
  }

  /** The row of a deposit or withdrawal event, for `enqueue` in the transaction that completes or fails it. */
  fundingEventRow(bankId: string, type: FundingEventType, data: FundingEvent['data']): OutboxRow {
    return this.row(bankId, { eventId: randomUUID(), type, createdAt: new Date().toISOString(), data });
  }

  /** The row of an order event, for `enqueue` in the transaction that changes the order. */
  orderEventRow(bankId: string, type: OrderEventType, data: OrderEvent['data']): OutboxRow {
    return this.row(bankId, { eventId: randomUUID(), type, createdAt: new Date().toISOString(), data });
  }

  /** Writes the row in the caller's database transaction. */
  async enqueue(tx: Prisma.TransactionClient, row: OutboxRow): Promise<void> {
    await tx.outboxEvent.create({ data: row, select: { id: true } });
  }

  private row(bankId: string, event: CoreEvent): OutboxRow {
    return { id: event.eventId, bankId, type: event.type, payload: JSON.stringify(event), transactionId: event.data.transactionId };
  }
}
