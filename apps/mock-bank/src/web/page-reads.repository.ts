import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { CustomerActionKind, UUID_PATTERN } from '@app/shared-types';
import { BankDatabase, SCHEMA } from '../storage';

export interface CustomerSummary {
  id: string;
  name: string;
  balance: string;
}

/** One customer action with what was asked and what the core answered, for the page. */
export interface ActionRecord {
  actionId: string;
  kind: CustomerActionKind;
  request: { amount?: string; side?: 'BUY' | 'SELL'; quoteId?: string };
  /** null: the core never gave a usable answer. */
  httpStatus: number | null;
  body: unknown;
  transactionId: string | null;
  tradeStatus: 'COMPLETED' | 'FAILED' | null;
  createdAt: Date;
}

interface ActionRow {
  id: string;
  kind: CustomerActionKind;
  request: string;
  response_status: number | null;
  response_body: string | null;
  transaction_id: string | null;
  trade_status: 'COMPLETED' | 'FAILED' | null;
  created_at: Date;
}

const HISTORY_LIMIT = 50;

/**
 * The page's reads of the bank's own tables. The API's views leave out what the page
 * shows (each action's request and the core's answer), so the page reads them here; every
 * write still goes through CustomersService and WalletActionsService.
 */
@Injectable()
export class PageReadsRepository {
  constructor(private readonly db: BankDatabase) {}

  async customers(): Promise<CustomerSummary[]> {
    const { rows } = await this.db.query<{ id: string; name: string; balance: string }>(
      `SELECT c.id, c.name, a.balance
         FROM ${SCHEMA}.customers c JOIN ${SCHEMA}.accounts a ON a.customer_id = c.id
        ORDER BY c.created_at DESC, c.id LIMIT 100`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, balance: new Decimal(r.balance).toFixed(2) }));
  }

  async history(customerId: string): Promise<ActionRecord[]> {
    const { rows } = await this.db.query<ActionRow>(
      `SELECT id, kind, request, response_status, response_body, transaction_id, trade_status, created_at
         FROM ${SCHEMA}.customer_actions WHERE customer_id = $1
        ORDER BY created_at DESC, id LIMIT ${HISTORY_LIMIT}`,
      [customerId],
    );
    return rows.map(toRecord);
  }

  /** One of this customer's actions; undefined for another customer's or a malformed id. */
  async action(customerId: string, actionId: string): Promise<ActionRecord | undefined> {
    if (!UUID_PATTERN.test(actionId)) return undefined;
    const { rows } = await this.db.query<ActionRow>(
      `SELECT id, kind, request, response_status, response_body, transaction_id, trade_status, created_at
         FROM ${SCHEMA}.customer_actions WHERE id = $1 AND customer_id = $2`,
      [actionId, customerId],
    );
    return rows[0] && toRecord(rows[0]);
  }
}

function toRecord(row: ActionRow): ActionRecord {
  return {
    actionId: row.id,
    kind: row.kind,
    request: parse(row.request) as ActionRecord['request'],
    httpStatus: row.response_status,
    body: row.response_body === null ? null : parse(row.response_body),
    transactionId: row.transaction_id,
    tradeStatus: row.trade_status,
    createdAt: row.created_at,
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
