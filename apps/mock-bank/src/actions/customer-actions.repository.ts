import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CustomerActionKind, CustomerActionView } from '@app/shared-types';
import { CoreAnswer } from '../core-api';
import { ActionReusedError } from '../errors';
import { BankDatabase, Queryable, SCHEMA } from '../storage';

interface ActionRow {
  id: string;
  customer_id: string;
  kind: CustomerActionKind;
  idempotency_key: string;
  request: string;
  attempts: number;
  transaction_id: string | null;
  trade_status: 'COMPLETED' | 'FAILED' | null;
  created_at: Date;
}

/**
 * Customer actions and the idempotency key each one owns. The key is chosen once, when the
 * action is first seen, and stored before the core is called: whatever happens to this
 * process or the network, every later attempt of the action sends the same key.
 */
@Injectable()
export class CustomerActionsRepository {
  constructor(private readonly db: BankDatabase) {}

  /** The action named `actionId` (a new one when unknown or not given); refuses a different request under it. */
  async open(customerId: string, kind: CustomerActionKind, request: object, actionId?: string): Promise<CustomerActionView> {
    const id = actionId?.toLowerCase() ?? randomUUID();
    const requestText = JSON.stringify(request);
    await this.db.query(
      `INSERT INTO ${SCHEMA}.customer_actions (id, customer_id, kind, idempotency_key, request)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [id, customerId, kind, randomUUID(), requestText],
    );
    const row = await this.find(id);
    if (!row || row.customer_id !== customerId || row.kind !== kind || row.request !== requestText) {
      throw new ActionReusedError(id);
    }
    return toView(row);
  }

  /** Records the outcome of one round of attempts. */
  async record(
    actionId: string,
    answer: Pick<CoreAnswer, 'attempts'> & Partial<CoreAnswer>,
    transactionId: string | null,
  ): Promise<CustomerActionView> {
    await this.db.query(
      `UPDATE ${SCHEMA}.customer_actions
          SET attempts = attempts + $2,
              response_status = COALESCE($3, response_status),
              response_body = COALESCE($4, response_body),
              transaction_id = COALESCE($5, transaction_id),
              updated_at = now()
        WHERE id = $1`,
      [actionId, answer.attempts, answer.httpStatus ?? null, answer.body === undefined ? null : JSON.stringify(answer.body), transactionId],
    );
    return toView((await this.find(actionId)) as ActionRow);
  }

  async list(customerId: string): Promise<CustomerActionView[]> {
    const { rows } = await this.db.query<ActionRow>(
      `SELECT * FROM ${SCHEMA}.customer_actions WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT 200`,
      [customerId],
    );
    return rows.map(toView);
  }

  /** A trade event arrived: the action that started the trade learns its final status. */
  async settleTrade(client: Queryable, transactionId: string, status: string): Promise<void> {
    await client.query(`UPDATE ${SCHEMA}.customer_actions SET trade_status = $2, updated_at = now() WHERE transaction_id = $1`, [
      transactionId,
      status,
    ]);
  }

  private async find(id: string): Promise<ActionRow | undefined> {
    const { rows } = await this.db.query<ActionRow>(`SELECT * FROM ${SCHEMA}.customer_actions WHERE id = $1`, [id]);
    return rows[0];
  }
}

function toView(row: ActionRow): CustomerActionView {
  return {
    actionId: row.id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    transactionId: row.transaction_id,
    tradeStatus: row.trade_status,
    createdAt: row.created_at.toISOString(),
  };
}
