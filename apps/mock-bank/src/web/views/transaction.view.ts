import { LedgerRowView } from '@app/shared-types';
import { Html, html } from '../html';
import { TransactionPageModel } from '../page-models';
import { customerPagePath } from '../paths';
import { layout } from './layout';
import { utcDateTime } from '../format';

/** One of the customer's core transactions with its double-entry rows, as the core reports it. */
export function transactionPage({ customer, transaction: t }: TransactionPageModel): Html {
  return layout(
    `Transaction ${t.transactionId}`,
    html`<p><a href="${customerPagePath(customer.id)}">← ${customer.name}</a></p>
<h1>${t.type} <small>${t.transactionId}</small></h1>
<section class="card"><h2>Transaction</h2>
<table><tbody>
<tr><th>Status</th><td id="transaction-status">${t.status}</td></tr>
<tr><th>In</th><td>${t.amountIn} ${t.currencyIn}</td></tr>
<tr><th>Out</th><td>${t.amountOut} ${t.currencyOut}</td></tr>
<tr><th>Fee</th><td>${t.feeAmount}</td></tr>
<tr><th>Rate (AZN/USDT)</th><td>${t.exchangeRate ?? '—'}</td></tr>
${t.errorCode && html`<tr><th>Error</th><td>${t.errorCode}</td></tr>`}
<tr><th>Created</th><td>${utcDateTime(new Date(t.createdAt))} UTC</td></tr>
<tr><th>Completed</th><td>${t.completedAt ? `${utcDateTime(new Date(t.completedAt))} UTC` : '—'}</td></tr>
</tbody></table></section>
<section class="card"><h2>Ledger rows</h2>
<table id="ledger"><thead><tr><th>Account</th><th>Currency</th><th class="num">Amount</th><th class="num">Balance after</th><th>Time (UTC)</th></tr></thead>
<tbody>${t.ledger.map(ledgerRow)}</tbody></table>
<div class="muted">Each currency's rows add up to zero: what leaves one account enters another.</div>
</section>`,
  );
}

function ledgerRow(row: LedgerRowView): Html {
  return html`<tr><td>${row.accountKind} <span class="muted">${row.accountId}</span></td><td>${row.currency}</td><td class="num">${row.amount}</td><td class="num">${row.balanceAfter ?? '—'}</td><td class="num">${utcDateTime(new Date(row.createdAt))}</td></tr>`;
}
