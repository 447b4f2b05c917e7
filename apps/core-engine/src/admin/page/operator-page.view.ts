import { BASE_PAGE_STYLE, Html, html, raw } from '@app/shared-types';
import type { TradeUnderReview } from '../../trade/review/trades-under-review.query';
import type { OpenOrdersTotal } from '../orders/open-orders.query';

/** Just enough style, in the Mock Bank demo page's manner; no script anywhere. */
const STYLE = raw(`${BASE_PAGE_STYLE}
header{background:#3b1f5c;color:#fff;padding:10px 24px;display:flex;justify-content:space-between;align-items:center}
header strong{font-weight:600}
header span{opacity:.8;font-size:12px}
main{max-width:1180px;margin:0 auto;padding:14px 24px 28px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px;margin-bottom:12px}
.big{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.neg{color:#991b1b}
code{font-size:12px}
`);

export interface OperatorPageModel {
  now: Date;
  banks: {
    code: string;
    name: string;
    spreadBps: number;
    slippageToleranceBps: number;
    callbackUrl: string | null;
    webhookUrl: string | null;
    suspendedAt: string | null;
    previousWebhookSecretUntil: string | null;
    keys: { prefix: string; label: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
  }[];
  positions: { currency: string; house: string; customers: string; bankSettlements: string; balanced: boolean }[];
  flows: { bank: string; currency: string; netFlowToHouse: string; settlement: string }[];
  revenue: { bank: string; day: string; trades: number; revenue: string; losses: string; lossTrades: number }[];
  deadEvents: { id: string; bank: string; type: string; attempts: number; lastError: string | null; createdAt: string }[];
  underReview: TradeUnderReview[];
  /** Limit and stop orders waiting per bank, side and type: what the house may have to execute (docs/orders.md). */
  openOrders?: OpenOrdersTotal[];
  /** Reserves at the venue against all banks' latest liabilities snapshots (docs/proofs.md). */
  reserves?: {
    currency: string;
    reserves: string | null;
    liabilities: string;
    surplus: string | null;
    banks: number;
    oldestSnapshotAt: string | null;
  }[];
}

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—');
const amount = (value: string) => html`<td class="num ${value.startsWith('-') && 'neg'}">${value}</td>`;

export function operatorPage(m: OperatorPageModel): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Operator · Core Engine</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>Core Engine · operator</strong><span>read-only view · ${when(m.now.toISOString())} UTC · changes: npm run admin or /admin/v1</span></header>
<main>
<div class="grid">${m.positions.map(
    (p) => html`<section class="card" data-test="position-${p.currency}">
<h2>House position · ${p.currency}</h2>
<div class="big">${p.house}</div>
<div class="muted">customers ${p.customers} · bank settlements ${p.bankSettlements} · ${
      p.balanced ? html`<span class="badge ok">balanced</span>` : html`<span class="badge error">unbalanced</span>`
    }</div>
</section>`,
  )}</div>
${reservesCard(m)}
${banksCard(m)}
${keysCard(m)}
<div class="grid">
${flowsCard(m)}
${revenueCard(m)}
</div>
${underReviewCard(m)}
${openOrdersCard(m)}
${deadEventsCard(m)}
</main>
</body>
</html>`;
}

function reservesCard(m: OperatorPageModel): Html {
  const lines = m.reserves ?? [];
  return html`<section class="card" data-test="reserves">
<h2>Reserves against liabilities</h2>
<table><thead><tr><th>Currency</th><th class="num">Reserves at the venue</th><th class="num">Liabilities (latest snapshots)</th><th class="num">Reserves − liabilities</th></tr></thead>
<tbody>${lines.map(
    (r) =>
      html`<tr data-test="reserves-${r.currency}"><td>${r.currency}</td><td class="num">${r.reserves ?? 'venue not answering'}</td>${amount(r.liabilities)}${
        r.surplus === null ? html`<td class="num">—</td>` : amount(r.surplus)
      }</tr>`,
  )}</tbody></table>
<div class="muted">${lines[0]?.banks ?? 0} bank snapshot(s), the oldest ${when(lines[0]?.oldestSnapshotAt ?? null)} UTC · npm run admin -- proofs:snapshot &lt;bank&gt;</div>
</section>`;
}

function banksCard(m: OperatorPageModel): Html {
  return html`<section class="card" data-test="banks">
<h2>Banks (${m.banks.length})</h2>
<table>
<tr><th>code</th><th>name</th><th class="num">spread bps</th><th class="num">slippage bps</th><th>callback</th><th>webhook</th><th>state</th></tr>
${m.banks.map(
  (b) =>
    html`<tr data-test="bank-${b.code}"><td><code>${b.code}</code></td><td>${b.name}</td><td class="num">${b.spreadBps}</td><td class="num">${
      b.slippageToleranceBps
    }</td><td class="muted">${b.callbackUrl ?? '—'}</td><td class="muted">${b.webhookUrl ?? '—'}${
      b.previousWebhookSecretUntil && html`<br><span class="badge pending">secret rotation until ${when(b.previousWebhookSecretUntil)}</span>`
    }</td><td>${b.suspendedAt ? html`<span class="badge error">suspended</span>` : html`<span class="badge ok">active</span>`}</td></tr>`,
)}
</table>
</section>`;
}

function keysCard(m: OperatorPageModel): Html {
  const rows = m.banks.flatMap((b) => b.keys.map((k) => ({ bank: b.code, ...k })));
  return html`<section class="card" data-test="keys">
<h2>API keys (${rows.filter((k) => !k.revokedAt).length} active)</h2>
<table>
<tr><th>bank</th><th>prefix</th><th>label</th><th>created</th><th>last used</th><th>state</th></tr>
${rows.map(
  (k) =>
    html`<tr><td><code>${k.bank}</code></td><td><code>${k.prefix}…</code></td><td>${k.label}</td><td>${when(k.createdAt)}</td><td>${when(
      k.lastUsedAt,
    )}</td><td>${k.revokedAt ? html`<span class="badge error">revoked ${when(k.revokedAt)}</span>` : html`<span class="badge ok">active</span>`}</td></tr>`,
)}
</table>
</section>`;
}

function flowsCard(m: OperatorPageModel): Html {
  return html`<section class="card" data-test="flows">
<h2>Net flow per bank</h2>
<table>
<tr><th>bank</th><th>currency</th><th class="num">to the house</th><th class="num">settlement</th></tr>
${m.flows.map((f) => html`<tr><td><code>${f.bank}</code></td><td>${f.currency}</td>${amount(f.netFlowToHouse)}${amount(f.settlement)}</tr>`)}
</table>
</section>`;
}

function revenueCard(m: OperatorPageModel): Html {
  return html`<section class="card" data-test="revenue">
<h2>Spread revenue, AZN (last 7 days)</h2>
<table>
<tr><th>day</th><th>bank</th><th class="num">trades</th><th class="num">revenue</th><th class="num">losses</th></tr>
${m.revenue.map(
  (r) => html`<tr><td>${r.day}</td><td><code>${r.bank}</code></td><td class="num">${r.trades}</td>${amount(r.revenue)}${amount(r.losses)}</tr>`,
)}
${m.revenue.length === 0 && html`<tr><td colspan="5" class="muted">no completed trade</td></tr>`}
</table>
</section>`;
}

function deadEventsCard(m: OperatorPageModel): Html {
  return html`<section class="card" data-test="dead-events">
<h2>DEAD webhook events (${m.deadEvents.length})</h2>
<table>
<tr><th>event</th><th>bank</th><th>type</th><th class="num">attempts</th><th>last error</th><th>created</th></tr>
${m.deadEvents.map(
  (e) =>
    html`<tr><td><code>${e.id}</code></td><td><code>${e.bank}</code></td><td>${e.type}</td><td class="num">${e.attempts}</td><td class="muted">${
      e.lastError ?? '—'
    }</td><td>${when(e.createdAt)}</td></tr>`,
)}
${m.deadEvents.length === 0 && html`<tr><td colspan="6" class="muted">none: every event was delivered or is still being retried</td></tr>`}
</table>
</section>`;
}

function openOrdersCard(m: OperatorPageModel): Html {
  const rows = m.openOrders ?? [];
  return html`<section class="card" data-test="open-orders">
<h2>Open orders (${rows.reduce((n, r) => n + r.count, 0)})</h2>
<p class="muted">Limit and stop orders waiting (or executing) per bank: what the house may have to execute at the exchange. The orders: <code>GET /admin/v1/orders/open?bank=&lt;code&gt;</code>.</p>
<table>
<tr><th>bank</th><th>side</th><th>type</th><th class="num">orders</th><th class="num">held</th></tr>
${rows.map((r) => html`<tr><td><code>${r.bankCode}</code></td><td>${r.side}</td><td>${r.type}</td><td class="num">${r.count}</td><td class="num">${r.amount} ${r.currency}</td></tr>`)}
${rows.length === 0 && html`<tr><td colspan="5" class="muted">none</td></tr>`}
</table>
</section>`;
}

function underReviewCard(m: OperatorPageModel): Html {
  return html`<section class="card" data-test="trades-under-review">
<h2>Trades under review (${m.underReview.length})</h2>
<p class="muted">PENDING trades reconciliation could not settle alone; resolve one with <code>POST /admin/v1/trades/{id}/post|void</code> or <code>npm run admin -- trades:post|trades:void</code>.</p>
<table>
<tr><th>trade</th><th>bank</th><th>type</th><th class="num">gives</th><th class="num">gets</th><th>why</th><th>since</th></tr>
${m.underReview.map(
  (t) =>
    html`<tr><td><code>${t.transactionId}</code></td><td><code>${t.bankCode}</code></td><td>${t.type}</td><td class="num">${t.amountIn} ${t.currencyIn}</td><td class="num">${t.amountOut} ${t.currencyOut}</td><td>${t.reviewReason}</td><td>${when(t.reviewSince.toISOString())}</td></tr>`,
)}
${m.underReview.length === 0 && html`<tr><td colspan="7" class="muted">none</td></tr>`}
</table>
</section>`;
}
