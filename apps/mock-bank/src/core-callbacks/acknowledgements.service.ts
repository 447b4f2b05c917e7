import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { AcknowledgementRequest, AcknowledgementResponse } from '@app/shared-types';
import { BankDatabase, isUniqueViolation, Queryable, SCHEMA } from '../storage';
import { readAcknowledgementRequest } from './acknowledgement.rules';
import { SignatureVerifier } from './signature-verifier';
import { SignedMessage } from './signed-message.decorator';

interface StoredAcknowledgement {
  operation: string;
  bank_user_id: string;
  amount: string;
  acknowledged: boolean;
  reason: string | null;
}

type Decision = Pick<AcknowledgementResponse, 'acknowledged' | 'reason'>;

/**
 * The bank's side of an acknowledgement: the core asks before it credits a deposit (the
 * bank debits the customer's account, moving the AZN to the omnibus) or pays a withdrawal
 * out (the bank credits it). One reference is applied once: asked again, the bank gives
 * the answer it gave the first time, refusals included, and moves nothing more.
 */
@Injectable()
export class AcknowledgementsService {
  private readonly logger = new Logger(AcknowledgementsService.name);

  constructor(
    private readonly db: BankDatabase,
    private readonly verifier: SignatureVerifier,
  ) {}

  async acknowledge(message: SignedMessage): Promise<AcknowledgementResponse> {
    const request = readAcknowledgementRequest(this.verifier.open(message, 'acknowledgement'));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((client) => this.apply(client, request));
      } catch (err) {
        // The movement's reference is unique too: a clash means a concurrent twin won; read its answer.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async apply(client: Queryable, request: AcknowledgementRequest): Promise<AcknowledgementResponse> {
    const amount = new Decimal(request.amount);
    // Claims the reference first: a concurrent request for it waits here until this one commits.
    const claimed = await client.query(
      `INSERT INTO ${SCHEMA}.acknowledgements (reference, operation, bank_user_id, amount, acknowledged)
       VALUES ($1, $2, $3, $4, false) ON CONFLICT (reference) DO NOTHING RETURNING reference`,
      [request.reference, request.operation, request.bankUserId, amount.toFixed(8)],
    );
    if (claimed.rowCount === 0) return this.replay(client, request, amount);

    const decision = await this.move(client, request, amount);
    await client.query(`UPDATE ${SCHEMA}.acknowledgements SET acknowledged = $2, reason = $3 WHERE reference = $1`, [
      request.reference,
      decision.acknowledged,
      decision.reason ?? null,
    ]);
    this.logger.log(
      JSON.stringify({
        event: 'acknowledgement',
        reference: request.reference,
        operation: request.operation,
        customerId: request.bankUserId,
        amountAzn: amount.toFixed(2),
        acknowledged: decision.acknowledged,
        ...(decision.reason && { reason: decision.reason }),
      }),
    );
    return { reference: request.reference, ...decision };
  }

  /** DEPOSIT debits the customer's bank account, WITHDRAWAL credits it; never below zero. */
  private async move(client: Queryable, request: AcknowledgementRequest, amount: Decimal): Promise<Decision> {
    const change = request.operation === 'DEPOSIT' ? amount.neg() : amount;
    const { rows } = await client.query<{ balance: string }>(
      `UPDATE ${SCHEMA}.accounts SET balance = balance + $2, updated_at = now()
        WHERE customer_id = $1 AND balance + $2 >= 0 RETURNING balance`,
      [request.bankUserId, change.toFixed(8)],
    );
    if (rows.length === 0) {
      const account = await client.query<{ balance: string }>(`SELECT balance FROM ${SCHEMA}.accounts WHERE customer_id = $1`, [request.bankUserId]);
      if (account.rows.length === 0) return { acknowledged: false, reason: 'the bank has no such customer' };
      const balance = new Decimal(account.rows[0].balance).toFixed(2);
      return { acknowledged: false, reason: `insufficient funds in the customer's bank account (${balance} AZN)` };
    }
    await client.query(`INSERT INTO ${SCHEMA}.movements (reference, customer_id, operation, amount, balance_after) VALUES ($1, $2, $3, $4, $5)`, [
      request.reference,
      request.bankUserId,
      request.operation,
      change.toFixed(8),
      rows[0].balance,
    ]);
    return { acknowledged: true };
  }

  private async replay(client: Queryable, request: AcknowledgementRequest, amount: Decimal): Promise<AcknowledgementResponse> {
    const { rows } = await client.query<StoredAcknowledgement>(
      `SELECT operation, bank_user_id, amount, acknowledged, reason FROM ${SCHEMA}.acknowledgements WHERE reference = $1`,
      [request.reference],
    );
    const stored = rows[0];
    const same = stored.operation === request.operation && stored.bank_user_id === request.bankUserId && amount.eq(stored.amount);
    if (!same) {
      this.logger.warn({ event: 'acknowledgement.reference_reused', reference: request.reference });
      return { reference: request.reference, acknowledged: false, reason: 'the reference was already used for a different movement' };
    }
    this.logger.log({ event: 'acknowledgement.repeat', reference: request.reference, acknowledged: stored.acknowledged });
    return {
      reference: request.reference,
      acknowledged: stored.acknowledged,
      ...(stored.reason !== null && { reason: stored.reason }),
    };
  }
}
