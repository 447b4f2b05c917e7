import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { BalancesResponseData, BankAccountView, BankMovementView, CustomerOverview, CustomerView } from '@app/shared-types';
import { CoreApiClient } from '../core-api';
import { CustomerExistsError, CustomerNotFoundError } from '../errors';
import { BankDatabase, isUniqueViolation, SCHEMA } from '../storage';
import { CreateCustomerDto } from './create-customer.dto';

interface MovementRow {
  reference: string;
  operation: BankMovementView['operation'];
  amount: string;
  balance_after: string;
  created_at: Date;
}

interface CustomerRow {
  id: string;
  name: string;
  balance: string;
  created_at: Date;
}

/** The bank's customers and their AZN accounts. */
@Injectable()
export class CustomersService {
  private readonly logger = new Logger(CustomersService.name);

  constructor(
    private readonly db: BankDatabase,
    private readonly core: CoreApiClient,
  ) {}

  /** Opens the customer with its AZN account and the opening movement, all or nothing. */
  async create(request: CreateCustomerDto): Promise<CustomerView> {
    const id = request.id ?? `cust_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const opening = new Decimal(request.openingBalance);
    try {
      await this.db.transaction(async (client) => {
        await client.query(`INSERT INTO ${SCHEMA}.customers (id, name) VALUES ($1, $2)`, [id, request.name]);
        await client.query(`INSERT INTO ${SCHEMA}.accounts (customer_id, balance) VALUES ($1, $2)`, [id, opening.toFixed(8)]);
        await client.query(
          `INSERT INTO ${SCHEMA}.movements (reference, customer_id, operation, amount, balance_after)
           VALUES ($1, $2, 'OPENING', $3, $3)`,
          [`opening:${id}`, id, opening.toFixed(8)],
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new CustomerExistsError(id);
      throw err;
    }
    this.logger.log({ event: 'customer.opened', customerId: id, openingBalance: opening.toFixed(2) });
    return this.get(id);
  }

  async get(id: string): Promise<CustomerView> {
    const { rows } = await this.db.query<CustomerRow>(
      `SELECT c.id, c.name, a.balance, c.created_at
         FROM ${SCHEMA}.customers c JOIN ${SCHEMA}.accounts a ON a.customer_id = c.id
        WHERE c.id = $1`,
      [id],
    );
    if (rows.length === 0) throw new CustomerNotFoundError(id);
    const row = rows[0];
    return {
      id: row.id,
      name: row.name,
      bankAccount: { currency: 'AZN', balance: new Decimal(row.balance).toFixed(2) },
      createdAt: row.created_at.toISOString(),
    };
  }

  async account(id: string): Promise<BankAccountView> {
    return (await this.get(id)).bankAccount;
  }

  /** The account's statement, newest first: each acknowledged reference appears once. */
  async movements(id: string): Promise<BankMovementView[]> {
    await this.get(id);
    const { rows } = await this.db.query<MovementRow>(
      `SELECT reference, operation, amount, balance_after, created_at
         FROM ${SCHEMA}.movements WHERE customer_id = $1 ORDER BY id DESC LIMIT 200`,
      [id],
    );
    return rows.map((r) => ({
      reference: r.reference,
      operation: r.operation,
      amount: new Decimal(r.amount).toFixed(2),
      balanceAfter: new Decimal(r.balance_after).toFixed(2),
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** The bank account beside the crypto wallet the core keeps for the customer. */
  async overview(id: string): Promise<CustomerOverview> {
    const customer = await this.get(id);
    const answer = await this.core.get(`/api/v1/users/${encodeURIComponent(id)}/balances`);
    if (answer.httpStatus === 200) {
      return { ...customer, wallet: (answer.body as { data: BalancesResponseData }).data.balances };
    }
    // The core knows a customer from the first deposit on: before that there is no wallet.
    if (answer.httpStatus === 404) return { ...customer, wallet: [] };
    throw new Error(`balances of ${id}: the core answered HTTP ${answer.httpStatus} ${JSON.stringify(answer.body)}`);
  }
}
