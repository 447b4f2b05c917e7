import { Flash } from '../flash';
import { Html, html } from '../html';
import { CustomerSummary } from '../page-reads.repository';
import { customerPagePath, HOME_PATH, OPEN_CUSTOMER_PATH } from '../paths';
import { layout } from './layout';

/** GET /: pick a customer, or open a new one. */
export function homePage(customers: CustomerSummary[], flash: Flash | null): Html {
  return layout(
    'Customers',
    html`<h1>Customers</h1>
<div class="grid">
${pickCustomer(customers)}
${openCustomer()}
</div>
${customers.length > 0 && customerList(customers)}`,
    flash,
  );
}

function pickCustomer(customers: CustomerSummary[]): Html {
  if (customers.length === 0)
    return html`<section class="card"><h2>Open the page of a customer</h2><p class="muted">No customer yet: open one.</p></section>`;
  return html`<section class="card"><h2>Open the page of a customer</h2>
<form class="row" method="get" action="${HOME_PATH}">
<label>Customer<select name="customer">${customers.map((c) => html`<option value="${c.id}">${c.name} (${c.id})</option>`)}</select></label>
<button type="submit">Show</button>
</form></section>`;
}

function openCustomer(): Html {
  return html`<section class="card"><h2>Open a customer</h2>
<form class="row" method="post" action="${OPEN_CUSTOMER_PATH}">
<label>Name<input name="name" class="wide" required maxlength="200"></label>
<label>Opening balance (AZN)<input name="openingBalance" value="500.00" inputmode="decimal" required></label>
<label>Id (optional)<input name="id" maxlength="64" placeholder="generated"></label>
<button type="submit">Open customer</button>
</form></section>`;
}

function customerList(customers: CustomerSummary[]): Html {
  return html`<section class="card"><h2>All customers</h2>
<table><thead><tr><th>Customer</th><th>Id</th><th class="num">Bank account (AZN)</th></tr></thead>
<tbody>${customers.map(
    (c) => html`<tr><td><a href="${customerPagePath(c.id)}">${c.name}</a></td><td>${c.id}</td><td class="num">${c.balance}</td></tr>`,
  )}</tbody></table></section>`;
}
