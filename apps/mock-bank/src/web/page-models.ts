import { BalanceView, CustomerView, QuoteResponseData, TransactionView } from '@app/shared-types';
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
  now: Date;
}

export interface TransactionPageModel {
  customer: CustomerView;
  transaction: TransactionView;
}
