/**
 * The Mock Bank's own API: what the bank's customer app (and the e2e script) calls. The
 * bank is the client of the Core Engine; these are its endpoints, not the core's.
 * Amounts travel as decimal strings with 2 decimals, never as JSON numbers.
 */

/** Header carrying MOCK_BANK_ADMIN_KEY on every /admin call. */
export const MOCK_BANK_ADMIN_KEY_HEADER = 'x-admin-key';

/** POST /customers */
export interface CreateCustomerRequest {
  /** The customer's id at the bank, also its bankUserId at the core; generated when left out. */
  id?: string;
  name: string;
  /** What the customer's AZN bank account starts with. */
  openingBalance: string;
}

/** The customer's AZN account at the bank (not the crypto wallet). */
export interface BankAccountView {
  currency: 'AZN';
  balance: string;
}

export interface CustomerView {
  id: string;
  name: string;
  bankAccount: BankAccountView;
  createdAt: string;
}

/** One line of the bank account's statement (GET /customers/:id/movements). */
export interface BankMovementView {
  /** The core's transaction id for DEPOSIT/WITHDRAWAL (the acknowledgement's reference). */
  reference: string;
  operation: 'OPENING' | 'DEPOSIT' | 'WITHDRAWAL';
  /** Signed: negative debits the account. */
  amount: string;
  balanceAfter: string;
  createdAt: string;
}

/** GET /customers/:id: the bank account and, beside it, the wallet the core keeps. */
export interface CustomerOverview extends CustomerView {
  /** The core's balances (GET /api/v1/users/:id/balances); [] before the first deposit. */
  wallet: { currency: 'AZN' | 'USDT'; balance: string; lockedBalance: string; available: string }[];
}

/**
 * A customer action that calls the core. `actionId` names the action: sending the same
 * actionId again retries it, with the same x-idempotency-key towards the core.
 */
export interface WalletActionRequest {
  amount: string;
  actionId?: string;
}

/** POST /customers/:id/deposits: moves AZN from the bank account into the crypto wallet. */
export type DepositActionRequest = WalletActionRequest;

/** POST /customers/:id/withdrawals: moves AZN from the crypto wallet back to the bank account. */
export type WithdrawalActionRequest = WalletActionRequest;

/** POST /customers/:id/quotes: `amount` is AZN for a BUY (the default side), USDT for a SELL. */
export interface QuoteActionRequest extends WalletActionRequest {
  side?: 'BUY' | 'SELL';
}

/** POST /customers/:id/buys (amount in AZN) and /sells (amount in USDT). */
export interface TradeActionRequest extends WalletActionRequest {
  quoteId?: string;
}

export type CustomerActionKind = 'DEPOSIT' | 'WITHDRAWAL' | 'QUOTE' | 'BUY' | 'SELL';

export interface CustomerActionView {
  actionId: string;
  kind: CustomerActionKind;
  /** Sent to the core as x-idempotency-key on every attempt of this action. */
  idempotencyKey: string;
  /** Calls made to the core for this action so far (retries included). */
  attempts: number;
  /** The core's transaction, once an answer named one. */
  transactionId: string | null;
  /** The trade's final status as the last applied webhook reported it. */
  tradeStatus: 'COMPLETED' | 'FAILED' | null;
  createdAt: string;
}

/**
 * The answer to an action: sent with the core's HTTP status, and the core's answer as it
 * came (success or error envelope), so a client sees exactly what the core decided.
 */
export interface CustomerActionResult {
  action: CustomerActionView;
  core: { httpStatus: number; body: unknown };
}

/** GET /events: webhooks the bank accepted, newest first. */
export interface ReceivedEventView {
  eventId: string;
  type: string;
  transactionId: string | null;
  bankUserId: string | null;
  status: string | null;
  /** How many times the core delivered it; it was applied on the first only. */
  deliveries: number;
  receivedAt: string;
}

/** POST /admin/events/catch-up: the core's DEAD events for this bank, queued again at the core. */
export interface EventsCatchUpResult {
  /** The eventIds the core accepted for redelivery (202), oldest page last. */
  redelivered: string[];
}

/** The fault switches (GET/PUT /admin/faults). */
export interface MockBankFaultSettings {
  /** POST /core/acknowledgements answers 503. */
  acknowledgementsDown: boolean;
  /** POST /core/webhooks answers 503. */
  webhooksDown: boolean;
  /** Delay before either /core endpoint handles a request. */
  latencyMs: number;
}

/** Every error of the Mock Bank's own API. */
export interface MockBankErrorResponse {
  code: string;
  message: string;
}
