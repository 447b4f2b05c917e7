/** The page's addresses, in one place. Ids are encoded: a customer id may hold ":" or ".". */
export type PageForm = 'deposits' | 'withdrawals' | 'quotes' | 'buys' | 'sells';

export const HOME_PATH = '/';
export const OPEN_CUSTOMER_PATH = '/page/customers';

export function customerPagePath(customerId: string, quoteActionId?: string): string {
  const path = `/customers/${encodeURIComponent(customerId)}/page`;
  return quoteActionId ? `${path}?quote=${encodeURIComponent(quoteActionId)}` : path;
}

export function formPath(customerId: string, form: PageForm): string {
  return `${customerPagePath(customerId)}/${form}`;
}

export function transactionPagePath(customerId: string, transactionId: string): string {
  return `${customerPagePath(customerId)}/transactions/${encodeURIComponent(transactionId)}`;
}
