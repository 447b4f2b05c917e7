import { TransactionSummary } from '@app/shared-types';
import { tellAction } from '../action-story';
import { Html, html } from '../html';
import { ActionRecord } from '../page-reads.repository';
import { transactionPagePath } from '../paths';
import { utcDateTime } from '../format';

/** The customer's actions, newest first, each with what the core decided. */
export function historyCard(customerId: string, history: ActionRecord[]): Html {
  return html`<section class="card"><h2>History</h2>
${
  history.length === 0
    ? html`<p class="muted" id="history-empty">Nothing yet.</p>`
    : html`<table id="history"><thead><tr><th>Time (UTC)</th><th>Action</th><th>Status</th><th class="num">Gave</th><th class="num">Got</th><th class="num">Rate (AZN/USDT)</th><th>Ledger</th></tr></thead>
<tbody>${history.map((record) => historyRow(customerId, record))}</tbody></table>`
}
</section>`;
}

function historyRow(customerId: string, record: ActionRecord): Html {
  const story = tellAction(record);
  const ledger = record.transactionId && record.kind !== 'QUOTE';
  return html`<tr data-kind="${record.kind}" data-status="${story.status}">
<td class="num">${utcDateTime(record.createdAt)}</td>
<td class="nowrap">${story.label}</td>
<td><span class="badge ${story.tone}">${story.status}</span>${story.tone === 'error' && html`<div class="muted">${story.words}</div>`}</td>
<td class="num">${story.gave ?? '—'}</td>
<td class="num">${story.got ?? '—'}</td>
<td class="num">${story.rate ?? '—'}</td>
<td class="nowrap">${ledger ? html`<a href="${transactionPagePath(customerId, record.transactionId as string)}">ledger rows</a>` : '—'}</td>
</tr>`;
}

/**
 * The wallet's transactions as the core lists them (GET /api/v1/transactions?bankUserId=),
 * newest first: what reconciliation compares the bank's own records against.
 */
export function coreTransactionsCard(customerId: string, items: TransactionSummary[] | null): Html {
  return html`<section class="card"><h2>Wallet transactions at the core</h2>
${
  items === null
    ? html`<p class="muted" id="core-transactions-unavailable">The core could not be asked just now.</p>`
    : items.length === 0
      ? html`<p class="muted" id="core-transactions-empty">None yet.</p>`
      : html`<table id="core-transactions"><thead><tr><th>Time (UTC)</th><th>Type</th><th>Status</th><th class="num">In</th><th class="num">Out</th><th>Ledger</th></tr></thead>
<tbody>${items.map(
          (t) => html`<tr data-transaction="${t.transactionId}" data-status="${t.status}">
<td class="num">${utcDateTime(new Date(t.createdAt))}</td>
<td>${t.type}</td>
<td>${t.status}${t.errorCode ? html`<div class="muted">${t.errorCode}</div>` : ''}</td>
<td class="num">${t.amountIn} ${t.currencyIn}</td>
<td class="num">${t.amountOut} ${t.currencyOut}</td>
<td class="nowrap"><a href="${transactionPagePath(customerId, t.transactionId)}">ledger rows</a></td>
</tr>`,
        )}</tbody></table>`
}
</section>`;
}
