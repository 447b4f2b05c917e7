import { Injectable, Logger } from '@nestjs/common';
import { CoreEvent, ReceivedEventView } from '@app/shared-types';
import { CustomerActionsRepository } from '../actions/customer-actions.repository';
import { InvalidCoreMessageError } from '../errors';
import { BankDatabase, SCHEMA } from '../storage';
import { SignatureVerifier } from './signature-verifier';
import { SignedMessage } from './signed-message.decorator';

export interface WebhookReceipt {
  received: true;
  /** True when the event had been received before: counted, not applied again. */
  duplicate: boolean;
}

interface EventRow {
  event_id: string;
  type: string;
  transaction_id: string | null;
  bank_user_id: string | null;
  status: string | null;
  deliveries: number;
  received_at: Date;
}

/** The events that settle a trade the customer started here; the others are recorded only. */
const TRADE_OUTCOMES = new Set(['trade.completed', 'trade.failed']);

/**
 * Events from the core (trade, deposit and withdrawal outcomes, and trade.pending). Delivery
 * is at least once (the core retries until a 2xx), so the bank applies an event the first
 * time its id arrives and only counts repeats. Only a trade's outcome changes a customer
 * action: trade.pending repeats what the 202 answer said (and may arrive after the outcome,
 * so it must never overwrite it); deposits and withdrawals were answered at once.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly db: BankDatabase,
    private readonly verifier: SignatureVerifier,
    private readonly actions: CustomerActionsRepository,
  ) {}

  async receive(message: SignedMessage): Promise<WebhookReceipt> {
    const event = readCoreEvent(this.verifier.open(message, 'webhook'));
    // The header is not signed; only a header naming the signed event is believed.
    if (message.eventId !== event.eventId) {
      throw new InvalidCoreMessageError('x-core-event-id must name the eventId of the signed body');
    }
    const data = event.data ?? ({} as Partial<CoreEvent['data']>);
    return this.db.transaction(async (client) => {
      const first = await client.query(
        `INSERT INTO ${SCHEMA}.received_events (event_id, type, transaction_id, bank_user_id, status, payload)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.eventId, event.type, data.transactionId ?? null, data.bankUserId ?? null, data.status ?? null, message.body],
      );
      if (first.rowCount === 0) {
        await client.query(`UPDATE ${SCHEMA}.received_events SET deliveries = deliveries + 1, last_delivery_at = now() WHERE event_id = $1`, [
          event.eventId,
        ]);
        this.logger.log({ event: 'webhook.duplicate', eventId: event.eventId, type: event.type });
        return { received: true, duplicate: true };
      }
      if (TRADE_OUTCOMES.has(event.type) && data.transactionId && data.status) {
        await this.actions.settleTrade(client, data.transactionId, data.status);
      }
      this.logger.log(
        JSON.stringify({
          event: 'webhook.applied',
          eventId: event.eventId,
          type: event.type,
          transactionId: data.transactionId ?? null,
          customerId: data.bankUserId ?? null,
        }),
      );
      return { received: true, duplicate: false };
    });
  }

  async list(filter: { customerId?: string; transactionId?: string }): Promise<ReceivedEventView[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT event_id, type, transaction_id, bank_user_id, status, deliveries, received_at
         FROM ${SCHEMA}.received_events
        WHERE ($1::text IS NULL OR bank_user_id = $1) AND ($2::text IS NULL OR transaction_id = $2)
        ORDER BY received_at DESC, event_id
        LIMIT 200`,
      [filter.customerId ?? null, filter.transactionId ?? null],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      type: r.type,
      transactionId: r.transaction_id,
      bankUserId: r.bank_user_id,
      status: r.status,
      deliveries: r.deliveries,
      receivedAt: r.received_at.toISOString(),
    }));
  }
}

function readCoreEvent(value: unknown): CoreEvent {
  const v = (value ?? {}) as Partial<CoreEvent>;
  if (typeof v.eventId !== 'string' || v.eventId.length === 0 || v.eventId.length > 128 || typeof v.type !== 'string') {
    throw new InvalidCoreMessageError('A webhook needs an eventId and a type');
  }
  return v as CoreEvent;
}
