import { Injectable } from '@nestjs/common';
import {
  LiabilityProofDataDto,
  LiabilityRootsDataDto,
  CustomerActionKind,
  CustomerActionResult,
  CustomerActionView,
  TransactionListData,
  TransactionSummary,
  TransactionView,
} from '@app/shared-types';
import { CoreApiClient, CoreAnswer } from '../core-api';
import { CustomersService } from '../customers/customers.service';
import { CoreUnavailableError, TransactionNotFoundError } from '../errors';
import { QuoteActionDto, TradeActionDto, WalletActionDto } from './action-requests.dto';
import { CustomerActionsRepository } from './customer-actions.repository';

/** An action's answer together with the HTTP status it travels with (the core's). */
export interface ActionOutcome {
  httpStatus: number;
  result: CustomerActionResult;
}

/**
 * What a customer does with the crypto wallet, each a call to the core on the customer's
 * behalf. A deposit debits nothing here: the core asks the bank to acknowledge it
 * (POST /core/acknowledgements), and the acknowledgement is where the bank account is
 * debited, once per reference.
 */
@Injectable()
export class WalletActionsService {
  constructor(
    private readonly customers: CustomersService,
    private readonly actions: CustomerActionsRepository,
    private readonly core: CoreApiClient,
  ) {}

  deposit(customerId: string, request: WalletActionDto): Promise<ActionOutcome> {
    return this.perform(customerId, 'DEPOSIT', request, '/api/v1/funding/deposit', { amount: request.amount, currency: 'AZN' });
  }

  /** The core takes the AZN from the wallet and asks the bank to acknowledge the payout, which credits the account. */
  withdraw(customerId: string, request: WalletActionDto): Promise<ActionOutcome> {
    return this.perform(customerId, 'WITHDRAWAL', request, '/api/v1/funding/withdraw', { amount: request.amount, currency: 'AZN' });
  }

  quote(customerId: string, request: QuoteActionDto): Promise<ActionOutcome> {
    const side = request.side ?? 'BUY';
    return this.perform(customerId, 'QUOTE', request, '/api/v1/trade/quote', {
      side,
      amount: request.amount,
      currency: side === 'BUY' ? 'AZN' : 'USDT',
    });
  }

  buy(customerId: string, request: TradeActionDto): Promise<ActionOutcome> {
    return this.perform(customerId, 'BUY', request, '/api/v1/trade/buy', { amount: request.amount, currency: 'AZN', ...quoteOf(request) });
  }

  sell(customerId: string, request: TradeActionDto): Promise<ActionOutcome> {
    return this.perform(customerId, 'SELL', request, '/api/v1/trade/sell', { amount: request.amount, currency: 'USDT', ...quoteOf(request) });
  }

  async list(customerId: string): Promise<CustomerActionView[]> {
    await this.customers.get(customerId);
    return this.actions.list(customerId);
  }

  /**
   * The customer's latest wallet transactions as the core records them (GET /api/v1/transactions,
   * newest first): the core's truth, also for what no action here shows (a trade settled by
   * the core's reconciliation while the bank waited). Null when the core could not be asked.
   */
  async recentTransactions(customerId: string, limit = 20): Promise<TransactionSummary[] | null> {
    const query = new URLSearchParams({ bankUserId: customerId, limit: String(limit) });
    const answer = await this.core.get(`/api/v1/transactions?${query.toString()}`).catch(() => null);
    return answer?.httpStatus === 200 ? (answer.body as { data: TransactionListData }).data.items : null;
  }

  /** The customer's liability proof in the latest snapshot and the root the bank's latest snapshot publishes; null when none holds it. */
  async liabilityProof(customerId: string): Promise<{ document: LiabilityProofDataDto; publishedRoot: string | null } | null> {
    const [proof, roots] = await Promise.all([
      this.core.get(`/api/v1/users/${encodeURIComponent(customerId)}/liability-proof`).catch(() => null),
      this.core.get('/api/v1/proofs/liabilities').catch(() => null),
    ]);
    if (proof?.httpStatus !== 200) return null;
    const document = (proof.body as { data: LiabilityProofDataDto }).data;
    const publishedRoot = roots?.httpStatus === 200 ? ((roots.body as { data: LiabilityRootsDataDto }).data.roots[0]?.rootHash ?? null) : null;
    return { document, publishedRoot };
  }

  /** One of the customer's core transactions with its ledger rows; another customer's is not found. */
  async transaction(customerId: string, transactionId: string): Promise<TransactionView> {
    await this.customers.get(customerId);
    const answer = await this.core.get(`/api/v1/transactions/${encodeURIComponent(transactionId)}`);
    const view = answer.httpStatus === 200 ? (answer.body as { data: TransactionView }).data : null;
    if (!view || view.bankUserId !== customerId) throw new TransactionNotFoundError();
    return view;
  }

  /** Opens (or resumes) the action, then calls the core for it with the action's idempotency key. */
  private async perform(
    customerId: string,
    kind: CustomerActionKind,
    request: WalletActionDto,
    path: string,
    coreFields: object,
  ): Promise<ActionOutcome> {
    await this.customers.get(customerId);
    const { actionId, ...what } = request;
    const action = await this.actions.open(customerId, kind, what, actionId);
    let answer: CoreAnswer;
    try {
      answer = await this.core.post(path, { bankUserId: customerId, ...coreFields }, action.idempotencyKey);
    } catch (err) {
      if (err instanceof CoreUnavailableError) await this.actions.record(action.actionId, { attempts: err.attempts }, null);
      throw err;
    }
    const recorded = await this.actions.record(action.actionId, answer, transactionIdOf(answer.body));
    return { httpStatus: answer.httpStatus, result: { action: recorded, core: { httpStatus: answer.httpStatus, body: answer.body } } };
  }
}

function quoteOf(request: TradeActionDto): { quoteId?: string } {
  return request.quoteId === undefined ? {} : { quoteId: request.quoteId };
}

/** The core's transaction: in a success's data, or beside an error's code (a FAILED trade or funding), so its webhook finds the action. */
function transactionIdOf(body: unknown): string | null {
  const answer = body as { data?: { transactionId?: unknown }; transactionId?: unknown } | null;
  const id = answer?.data?.transactionId ?? answer?.transactionId;
  return typeof id === 'string' ? id : null;
}
