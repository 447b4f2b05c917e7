import { OrderView } from '@app/shared-types';
import { Html, html } from '../html';
import { customerPagePath } from '../paths';
import { utcDateTime } from '../format';
import { actionIdInput } from './forms.view';

/** Limit and stop orders: the form to place one, and the customer's orders at the core with a cancel button on each OPEN one. */
export function ordersCard(customerId: string, orders: OrderView[] | null): Html {
  const base = customerPagePath(customerId);
  return html`<section class="card"><h2>Limit and stop orders</h2>
<form class="row" id="order-form" method="post" action="${base}/orders">
${actionIdInput()}
<label>Side<select name="side"><option value="BUY">Buy USDT (amount in AZN)</option><option value="SELL">Sell USDT (amount in USDT)</option></select></label>
<label>Type<select name="type"><option value="LIMIT">Limit: at this rate or better</option><option value="STOP">Stop: once the rate reaches it</option></select></label>
<label>Amount<input name="amount" inputmode="decimal" placeholder="0.00" required></label>
<label>Rate (AZN/USDT)<input name="price" inputmode="decimal" placeholder="1.7000" required></label>
<button type="submit">Place order</button>
</form>
<div class="muted">The amount is held until the order executes or is cancelled. Rates include the bank's spread.</div>
${
  orders === null
    ? html`<p class="muted" id="orders-unavailable">The core could not be asked just now.</p>`
    : orders.length === 0
      ? html`<p class="muted" id="orders-empty">No orders yet.</p>`
      : html`<table id="orders"><thead><tr><th>Placed (UTC)</th><th>Order</th><th class="num">Amount</th><th class="num">Rate</th><th>Status</th><th></th></tr></thead>
<tbody>${orders.map(
          (o) => html`<tr data-order="${o.orderId}" data-status="${o.status}">
<td class="num">${utcDateTime(new Date(o.createdAt))}</td>
<td class="nowrap">${o.side} ${o.type}</td>
<td class="num">${o.amount} ${o.currency}</td>
<td class="num">${o.limitPrice ?? o.stopPrice ?? '—'}</td>
<td>${o.status}${o.errorCode ? html`<div class="muted">${o.errorCode}</div>` : ''}</td>
<td>${
            o.status === 'OPEN'
              ? html`<form method="post" action="${base}/orders/${o.orderId}/cancel"><button type="submit" class="alt">Cancel</button></form>`
              : ''
          }</td>
</tr>`,
        )}</tbody></table>`
}
</section>`;
}
