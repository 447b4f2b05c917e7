import { BANK_USER_ID_PATTERN, CustomerActionKind, MONEY_2DP_PATTERN, UUID_PATTERN } from '@app/shared-types';

/** A posted form as parsed: text fields from a browser, anything from a JSON body; any field may be missing. */
export type FormFields = Record<string, unknown>;

/** A field's text, trimmed; '' when missing or not text (a JSON post to a page route). */
function field(form: FormFields, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A field the customer got wrong, in words for the page. */
export class FormProblem extends Error {}

/** What an action form asks for, in the shape of the bank API's request bodies. */
export interface ActionForm {
  amount: string;
  side?: 'BUY' | 'SELL';
  quoteId?: string;
  actionId?: string;
}

/** The fields of the form for `kind`; throws FormProblem with words for the customer. */
export function actionForm(kind: CustomerActionKind, form: FormFields): ActionForm {
  const actionId = actionIdField(form);
  const base = actionId ? { actionId } : {};
  switch (kind) {
    case 'DEPOSIT':
    case 'WITHDRAWAL':
      return { ...base, amount: amountField(form, 'AZN') };
    case 'QUOTE': {
      const side = sideField(form);
      return { ...base, side, amount: amountField(form, side === 'BUY' ? 'AZN' : 'USDT') };
    }
    case 'BUY':
    case 'SELL': {
      const quoteId = quoteIdField(form);
      return { ...base, ...(quoteId && { quoteId }), amount: amountField(form, kind === 'BUY' ? 'AZN' : 'USDT') };
    }
  }
}

function amountField(form: FormFields, currency: 'AZN' | 'USDT'): string {
  const amount = field(form, 'amount');
  if (!MONEY_2DP_PATTERN.test(amount)) {
    throw new FormProblem(`Enter the amount in ${currency} as a number with at most 2 decimals, for example 100.00.`);
  }
  return amount;
}

function sideField(form: FormFields): 'BUY' | 'SELL' {
  const side = field(form, 'side');
  if (side === 'BUY' || side === 'SELL') return side;
  throw new FormProblem('Choose whether the quote is to buy or to sell USDT.');
}

/** The form's own action id (see views/forms.view.ts): a form sent twice is one action. */
function actionIdField(form: FormFields): string | undefined {
  const actionId = field(form, 'actionId');
  return UUID_PATTERN.test(actionId) ? actionId : undefined;
}

function quoteIdField(form: FormFields): string | undefined {
  const quoteId = field(form, 'quoteId');
  return quoteId.length > 0 && quoteId.length <= 64 ? quoteId : undefined;
}

export interface NewCustomerFields {
  id?: string;
  name: string;
  openingBalance: string;
}

export function newCustomerFields(form: FormFields): NewCustomerFields {
  const id = field(form, 'id') || undefined;
  const name = field(form, 'name');
  const openingBalance = field(form, 'openingBalance');
  if (id !== undefined && !BANK_USER_ID_PATTERN.test(id)) {
    throw new FormProblem('The customer id may have 1 to 64 letters, digits or _ . : - (or leave it empty for a new one).');
  }
  if (name.length === 0 || name.length > 200) throw new FormProblem('Enter the customer’s name (up to 200 characters).');
  if (!MONEY_2DP_PATTERN.test(openingBalance)) {
    throw new FormProblem('Enter the opening balance in AZN with at most 2 decimals, for example 500.00.');
  }
  return { ...(id !== undefined && { id }), name, openingBalance };
}
