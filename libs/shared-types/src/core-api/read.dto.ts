import type { CursorPage } from './page.dto';

export interface BalanceView {
  currency: 'AZN' | 'USDT';
  balance: string;
  lockedBalance: string;
  available: string;
}

export interface BalancesResponseData {
  bankUserId: string;
  balances: BalanceView[];
}

export interface LedgerRowView {
  id: string;
  accountId: string;
  /** USER, OMNIBUS or BANK_SETTLEMENT */
  accountKind: string;
  currency: 'AZN' | 'USDT';
  amount: string;
  /**
   * The account's balance after the row: for the customer's accounts and the bank's own
   * settlement account; null for the house's (omnibus) accounts, whose running balance
   * includes other banks' trades.
   */
  balanceAfter: string | null;
  createdAt: string;
}

export interface TransactionView {
  transactionId: string;
  type: 'BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL';
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  bankUserId: string;
  amountIn: string;
  currencyIn: 'AZN' | 'USDT';
  amountOut: string;
  currencyOut: 'AZN' | 'USDT';
  feeAmount: string;
  exchangeRate: string | null;
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  ledger: LedgerRowView[];
}

/** An entry of GET /api/v1/transactions: a transaction without its ledger rows. */
export type TransactionSummary = Omit<TransactionView, 'ledger'>;

/** data of GET /api/v1/transactions. */
export type TransactionListData = CursorPage<TransactionSummary>;
