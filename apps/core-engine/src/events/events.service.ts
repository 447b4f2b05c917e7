import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OutboxEvent, OutboxStatus, Prisma } from '@app/prisma-client';
import { CoreEvent, EVENT_LIST_DEFAULT_LIMIT, EventListData, EventListQueryDto, EventView, UUID_PATTERN } from '@app/shared-types';
import { EventNotFoundError } from '../errors';
import { olderThanCursor, pageOf } from '../transactions/list-cursor';

/** A redelivery that keeps losing to the dispatcher's own updates of the row gives up after this many reads. */
const REDELIVER_ATTEMPTS = 5;

/**
 * A bank's view of its outbox events (the webhooks it was, or will be, sent) and the one
 * operator action on them, redelivery. Every read is scoped to the calling bank: another
 * bank's event is "not found". `redeliver` also serves an operator's tool (bankId null).
 */
@Injectable()
export class EventsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, by (createdAt, id) descending, paged by keyset like the transaction list. */
  async list(bankId: string, query: EventListQueryDto): Promise<EventListData> {
    const limit = query.limit ? Number(query.limit) : EVENT_LIST_DEFAULT_LIMIT;
    const rows = await this.prisma.outboxEvent.findMany({
      where: {
        bankId,
        ...(query.type !== undefined && { type: query.type }),
        ...(query.deliveryStatus !== undefined && { status: query.deliveryStatus }),
        ...olderThanCursor(query.cursor),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return pageOf(rows, limit, eventView);
  }

  /**
   * Queues the event for an attempt now, whatever its state: a PENDING one is tried at once
   * instead of at its backoff time; a DEAD one comes back to life with its attempts counted
   * from 0, so it gets the whole retry schedule again; a DELIVERED one is sent once more (the
   * same eventId and body: a bank deduping by eventId sees a repeat). Delivery stays at least
   * once: an event whose attempt is in flight at this moment may arrive twice.
   * `bankId` null: any bank's event (an operator's tool).
   */
  /** `db`: a caller's transaction, so an operator's redelivery commits with its audit entry. */
  async redeliver(eventId: string, bankId: string | null, db: Prisma.TransactionClient | PrismaService = this.prisma): Promise<EventView> {
    if (!UUID_PATTERN.test(eventId)) throw new EventNotFoundError();
    for (let read = 1; read <= REDELIVER_ATTEMPTS; read++) {
      const event = await db.outboxEvent.findFirst({ where: { id: eventId, ...(bankId !== null && { bankId }) } });
      if (!event) throw new EventNotFoundError();
      // Conditional on the state just read: the dispatcher may change the row meanwhile
      // (a delivery recorded, a failure counted); then the row is read again.
      const { count } = await db.outboxEvent.updateMany({
        where: { id: event.id, status: event.status, attempts: event.attempts },
        data: {
          status: OutboxStatus.PENDING,
          nextAttemptAt: new Date(),
          ...(event.status === OutboxStatus.DEAD && { attempts: 0 }),
        },
      });
      if (count === 1) return eventView(await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } }));
    }
    throw new Error(`event ${eventId}: its row kept changing under the redelivery`);
  }
}

function eventView(row: OutboxEvent): EventView {
  return {
    eventId: row.id,
    type: row.type as EventView['type'],
    transactionId: row.transactionId,
    deliveryStatus: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === OutboxStatus.PENDING ? row.nextAttemptAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt ? row.deliveredAt.toISOString() : null,
    payload: JSON.parse(row.payload) as CoreEvent,
  };
}
