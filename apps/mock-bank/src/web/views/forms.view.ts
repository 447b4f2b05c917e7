import { randomUUID } from 'node:crypto';
import { Html, html } from '../html';
import { formPath, PageForm } from '../paths';

/**
 * Every form carries an action id made when the page is drawn: the same form sent twice
 * (a double click, a resend after going back) is one action at the bank and one
 * idempotency key at the core, so money moves once.
 */
export function actionIdInput(): Html {
  return html`<input type="hidden" name="actionId" value="${randomUUID()}">`;
}

export function moneyForm(customerId: string, form: PageForm, id: string, currency: 'AZN' | 'USDT', button: Html): Html {
  return html`<form class="row" id="${id}" method="post" action="${formPath(customerId, form)}">
${actionIdInput()}
<label>Amount (${currency})<input name="amount" inputmode="decimal" placeholder="0.00" required></label>
${button}
</form>`;
}

export function moveMoneyCard(customerId: string): Html {
  return html`<section class="card"><h2>Move AZN</h2>
${moneyForm(customerId, 'deposits', 'deposit-form', 'AZN', html`<button type="submit">Deposit to wallet</button>`)}
${moneyForm(customerId, 'withdrawals', 'withdraw-form', 'AZN', html`<button type="submit" class="alt">Withdraw to bank</button>`)}
</section>`;
}

export function tradeCard(customerId: string): Html {
  return html`<section class="card"><h2>Buy or sell at the market</h2>
${moneyForm(customerId, 'buys', 'buy-form', 'AZN', html`<button type="submit">Buy USDT</button>`)}
${moneyForm(customerId, 'sells', 'sell-form', 'USDT', html`<button type="submit" class="sell">Sell USDT</button>`)}
<div class="muted">At the price of the moment. For a firm price, get a quote first.</div>
</section>`;
}

export function quoteForm(customerId: string): Html {
  return html`<form class="row" id="quote-form" method="post" action="${formPath(customerId, 'quotes')}">
${actionIdInput()}
<label>Side<select name="side"><option value="BUY">Buy USDT (amount in AZN)</option><option value="SELL">Sell USDT (amount in USDT)</option></select></label>
<label>Amount<input name="amount" inputmode="decimal" placeholder="0.00" required></label>
<button type="submit">Get quote</button>
</form>`;
}
