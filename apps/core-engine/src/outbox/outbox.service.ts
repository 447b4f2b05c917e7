import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '@app/prisma-client';
import { TradeEvent, TradeEventType } from '@app/shared-types';

/** An outbox row about to be written: the event's id, its type and its JSON payload. */
export interface OutboxRow {
  id: string;
  bankId: string;
  type: TradeEventType;
  payload: string;
  transactionId: string;
}

/**
 * The transactional outbox: an event is written in the same database transaction as the
 * change it reports, so a trade can never complete without its notification existing (or
 * the reverse). Delivery is the dispatcher's job (outbox-dispatcher.service.ts).
 */
@Injectable()
export class OutboxService {
  /** The row of a trade event, for `enqueue` in the transaction that settles or fails the trade. */
  tradeEventRow(bankId: string, type: TradeEventType, data: TradeEvent['data']): OutboxRow {
    const event: TradeEvent = { eventId: randomUUID(), type, createdAt: new Date().toISOString(), data };
    return { id: event.eventId, bankId, type, payload: JSON.stringify(event), transactionId: data.transactionId };
  }

  /** Writes the row in the caller's database transaction. */
  async enqueue(tx: Prisma.TransactionClient, row: OutboxRow): Promise<void> {
    await tx.outboxEvent.create({ data: row });
  }
}
