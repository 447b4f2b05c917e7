import {
  BalanceView,
  CustomerView,
  LiabilityProofDataDto,
  OrderView,
  QuoteResponseData,
  TransactionSummary,
  TransactionView,
} from '@app/shared-types';
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
  /** The customer's liability proof and the bank's check of it; null when no snapshot holds the customer. */
  liabilityProof?: LiabilityProofOnPage | null;
  /** The customer's limit and stop orders at the core (GET /api/v1/orders); null when the core could not be asked. */
  orders?: OrderView[] | null;
  now: Date;
}

export interface LiabilityProofOnPage {
  document: LiabilityProofDataDto;
  /** null: the proof checks. */
  problem: string | null;
}

export interface TransactionPageModel {
  customer: CustomerView;
  transaction: TransactionView;
}
