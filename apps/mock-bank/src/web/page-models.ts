import { BalanceView, CustomerView, QuoteResponseData, TransactionSummary, TransactionView } from '@app/shared-types';
import { ActionRecord } from './page-reads.repository';

export interface QuoteOnPage {
  actionId: string;
  quote: QuoteResponseData;
}

export interface CustomerPageModel {
  customer: CustomerView;
  /** The core's balances (AZN and USDT always present); null when the core could not be asked. */
  wallet: BalanceView[] | null;
  /** The quote just asked for (?quote=<actionId>), if it is this customer's and was given. */
  quote: QuoteOnPage | null;
  history: ActionRecord[];
  /** The core's list of the customer's transactions (GET /api/v1/transactions); null when the core could not be asked. */
  coreTransactions: TransactionSummary[] | null;
  now: Date;
}

export interface TransactionPageModel {
  customer: CustomerView;
  transaction: TransactionView;
}
