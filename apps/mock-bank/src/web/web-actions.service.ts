import { Injectable } from '@nestjs/common';
import { CustomerActionKind } from '@app/shared-types';
import { ActionOutcome, WalletActionsService } from '../actions/wallet-actions.service';
import { CustomersService } from '../customers/customers.service';
import { ActionReusedError, CoreUnavailableError, CustomerExistsError } from '../errors';
import { tellAction } from './action-story';
import { Flash } from './flash';
import { ActionForm, actionForm, FormFields, FormProblem, newCustomerFields } from './form-fields';
import { customerPagePath, HOME_PATH } from './paths';

/** Where the browser goes after a form, and what it is told there. */
export interface PageRedirect {
  location: string;
  flash: Flash;
}

/**
 * The page's forms: each reads its fields, does what the bank's API does with them (the
 * same services, so the same actions, idempotency keys and core calls), and says how it
 * went in words.
 */
@Injectable()
export class WebActionsService {
  constructor(
    private readonly customers: CustomersService,
    private readonly wallet: WalletActionsService,
  ) {}

  async openCustomer(form: FormFields): Promise<PageRedirect> {
    try {
      const customer = await this.customers.create(newCustomerFields(form));
      return {
        location: customerPagePath(customer.id),
        flash: { tone: 'ok', text: `Opened ${customer.name}'s bank account with ${customer.bankAccount.balance} AZN.` },
      };
    } catch (err) {
      if (err instanceof FormProblem || err instanceof CustomerExistsError)
        return { location: HOME_PATH, flash: { tone: 'error', text: err.message } };
      throw err;
    }
  }

  deposit(customerId: string, form: FormFields): Promise<PageRedirect> {
    return this.act(customerId, 'DEPOSIT', form, (request) => this.wallet.deposit(customerId, request));
  }

  withdraw(customerId: string, form: FormFields): Promise<PageRedirect> {
    return this.act(customerId, 'WITHDRAWAL', form, (request) => this.wallet.withdraw(customerId, request));
  }

  quote(customerId: string, form: FormFields): Promise<PageRedirect> {
    return this.act(customerId, 'QUOTE', form, (request) => this.wallet.quote(customerId, request));
  }

  buy(customerId: string, form: FormFields): Promise<PageRedirect> {
    return this.act(customerId, 'BUY', form, (request) => this.wallet.buy(customerId, request));
  }

  sell(customerId: string, form: FormFields): Promise<PageRedirect> {
    return this.act(customerId, 'SELL', form, (request) => this.wallet.sell(customerId, request));
  }

  /** Runs one action and turns its outcome, or what stopped it, into the redirect back to the page. */
  private async act(
    customerId: string,
    kind: CustomerActionKind,
    form: FormFields,
    run: (request: ActionForm) => Promise<ActionOutcome>,
  ): Promise<PageRedirect> {
    const page = customerPagePath(customerId);
    try {
      const request = actionForm(kind, form);
      const { action, core } = (await run(request)).result;
      const story = tellAction({ kind, request, httpStatus: core.httpStatus, body: core.body, tradeStatus: action.tradeStatus });
      const flash: Flash = story.refusal
        ? { tone: 'error', text: story.words, detail: `${story.refusal.errorCode}: ${story.refusal.message}` }
        : { tone: story.tone === 'error' ? 'error' : 'ok', text: story.words };
      // A quote stays on the page (by its action id) until it is used or replaced.
      return { location: story.status === 'QUOTED' ? customerPagePath(customerId, action.actionId) : page, flash };
    } catch (err) {
      const flash = problemInWords(err);
      if (!flash) throw err;
      return { location: page, flash };
    }
  }
}

/** What stopped an action before the core decided; undefined for an unknown customer or a bug (the error page). */
function problemInWords(err: unknown): Flash | undefined {
  if (err instanceof FormProblem) return { tone: 'error', text: err.message };
  if (err instanceof ActionReusedError) return { tone: 'error', text: 'This form was already sent with other values. Fill it in again.' };
  if (err instanceof CoreUnavailableError) {
    return {
      tone: 'error',
      text: 'The crypto service did not answer, so the outcome is not known yet. Check the history in a moment before trying again.',
      detail: `${err.code}: ${err.message}`,
    };
  }
  return undefined;
}
