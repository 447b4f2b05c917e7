import { Injectable } from '@nestjs/common';
import { OrderView, RATE_4DP_PATTERN, MONEY_2DP_PATTERN, UUID_PATTERN } from '@app/shared-types';
import { CoreApiClient } from '../core-api';
import { CustomersService } from '../customers/customers.service';
import { CoreUnavailableError } from '../errors';
import { Flash } from './flash';
import { FormFields } from './form-fields';
import { customerPagePath } from './paths';
import { PageRedirect } from './web-actions.service';

const text = (form: FormFields, name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');

/**
 * The demo page's limit and stop orders (issue 24): placed with POST /api/v1/orders (the
 * form's action id is the idempotency key, so a form sent twice places one order), cancelled
 * with POST /api/v1/orders/{id}/cancel, listed with GET /api/v1/orders?bankUserId=.
 */
@Injectable()
export class OrderActionsService {
  constructor(
    private readonly core: CoreApiClient,
    private readonly customers: CustomersService,
  ) {}

  async place(customerId: string, form: FormFields): Promise<PageRedirect> {
    await this.customers.get(customerId);
    const page = customerPagePath(customerId);
    const side = text(form, 'side') === 'SELL' ? 'SELL' : 'BUY';
    const type = text(form, 'type') === 'STOP' ? 'STOP' : 'LIMIT';
    const amount = text(form, 'amount');
    const price = text(form, 'price');
    const actionId = text(form, 'actionId');
    if (!UUID_PATTERN.test(actionId)) return { location: page, flash: { tone: 'error', text: 'The form is out of date: reload the page.' } };
    if (!MONEY_2DP_PATTERN.test(amount))
      return { location: page, flash: { tone: 'error', text: 'Enter the amount as a number with at most 2 decimals, e.g. 100.00.' } };
    if (!RATE_4DP_PATTERN.test(price))
      return { location: page, flash: { tone: 'error', text: 'Enter the rate as a number with at most 4 decimals, e.g. 1.7000.' } };
    const body = {
      bankUserId: customerId,
      side,
      type,
      amount,
      currency: side === 'BUY' ? 'AZN' : 'USDT',
      ...(type === 'LIMIT' ? { limitPrice: price } : { stopPrice: price }),
      timeInForce: 'GTC',
    };
    return this.answer(
      page,
      () => this.core.post('/api/v1/orders', body, actionId),
      (o) => `${describe(o)} placed: waiting, ${o.amount} ${o.currency} held.`,
    );
  }

  async cancel(customerId: string, orderId: string): Promise<PageRedirect> {
    await this.customers.get(customerId);
    const page = customerPagePath(customerId);
    return this.answer(
      page,
      () => this.core.postWithoutKey(`/api/v1/orders/${encodeURIComponent(orderId)}/cancel`),
      (o) => `${describe(o)} cancelled: ${o.amount} ${o.currency} released.`,
    );
  }

  /** The customer's orders at the core, newest first; null when the core could not be asked. */
  async list(customerId: string, limit = 20): Promise<OrderView[] | null> {
    const query = new URLSearchParams({ bankUserId: customerId, limit: String(limit) });
    const answer = await this.core.get(`/api/v1/orders?${query.toString()}`).catch(() => null);
    return answer?.httpStatus === 200 ? (answer.body as { data: { items: OrderView[] } }).data.items : null;
  }

  private async answer(page: string, call: () => ReturnType<CoreApiClient['get']>, words: (o: OrderView) => string): Promise<PageRedirect> {
    let flash: Flash;
    try {
      const { httpStatus, body } = await call();
      const answer = body as { success?: boolean; data?: OrderView; errorCode?: string; message?: string };
      flash =
        httpStatus < 300 && answer.data
          ? { tone: 'ok', text: words(answer.data) }
          : { tone: 'error', text: 'The crypto service refused the order.', detail: `${answer.errorCode ?? httpStatus}: ${answer.message ?? ''}` };
    } catch (err) {
      if (!(err instanceof CoreUnavailableError)) throw err;
      flash = { tone: 'error', text: 'The crypto service did not answer; check the orders in a moment.', detail: `${err.code}: ${err.message}` };
    }
    return { location: page, flash };
  }
}

function describe(o: OrderView): string {
  const verb = o.side === 'BUY' ? 'Buy' : 'Sell';
  return `${verb} ${o.type === 'LIMIT' ? 'limit' : 'stop'} order at ${o.limitPrice ?? o.stopPrice}`;
}
