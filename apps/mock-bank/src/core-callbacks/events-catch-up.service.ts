import { Injectable, Logger } from '@nestjs/common';
import { EventListData, EventsCatchUpResult } from '@app/shared-types';
import { CoreApiClient } from '../core-api';
import { CoreUnavailableError } from '../errors';

/**
 * What a bank does after an outage longer than the core's retries: it asks the core for its
 * DEAD events (GET /api/v1/events?deliveryStatus=DEAD, every page) and has each sent again
 * (POST /api/v1/events/{id}/redeliver). They then arrive at POST /core/webhooks like any
 * other, and are applied once (WebhooksService dedupes by eventId).
 */
@Injectable()
export class EventsCatchUpService {
  private readonly logger = new Logger(EventsCatchUpService.name);

  constructor(private readonly core: CoreApiClient) {}

  async catchUp(): Promise<EventsCatchUpResult> {
    const dead: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ deliveryStatus: 'DEAD', limit: '100', ...(cursor !== null && { cursor }) });
      const page = await this.core.get(`/api/v1/events?${query.toString()}`);
      if (page.httpStatus !== 200) throw new CoreUnavailableError(`GET /api/v1/events answered ${page.httpStatus}`, page.attempts);
      const { items, nextCursor } = (page.body as { data: EventListData }).data;
      dead.push(...items.map((e) => e.eventId));
      cursor = nextCursor;
    } while (cursor !== null);

    const redelivered: string[] = [];
    for (const eventId of dead) {
      const answer = await this.core.postWithoutKey(`/api/v1/events/${eventId}/redeliver`);
      if (answer.httpStatus === 202) redelivered.push(eventId);
      else this.logger.warn({ event: 'events.catch-up', eventId, httpStatus: answer.httpStatus });
    }
    this.logger.log({ event: 'events.catch-up', dead: dead.length, redelivered: redelivered.length });
    return { redelivered };
  }
}
