import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { EventView, UUID_PATTERN } from '@app/shared-types';
import { EventNotFoundError } from '../../errors';
import { EventsService } from '../../events/events.service';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';

/**
 * An operator sends any bank's event again (a DEAD one revived with a fresh retry schedule):
 * the banks' own redelivery (EventsService.redeliver) without the bank scope, in one database
 * transaction with its audit entry.
 */
@Injectable()
export class EventRedelivery {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditTrail,
    private readonly events: EventsService,
  ) {}

  async redeliver(actor: AdminActor, eventId: string): Promise<EventView> {
    // Checked before the transaction: a malformed id would abort it at the first read.
    if (!UUID_PATTERN.test(eventId)) throw new EventNotFoundError();
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.outboxEvent.findUnique({ where: { id: eventId }, select: { status: true, attempts: true } });
      const view = await this.events.redeliver(eventId, null, tx);
      await this.audit.record(tx, actor, {
        action: 'event.redeliver',
        targetType: 'event',
        targetId: eventId,
        before,
        after: { status: view.deliveryStatus, attempts: view.attempts },
      });
      return view;
    });
  }
}
