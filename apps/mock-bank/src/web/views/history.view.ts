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
