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
  balanceAfter: string;
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
