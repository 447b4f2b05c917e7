import { Html, html } from '../html';
import { QuoteOnPage } from '../page-models';
import { formPath } from '../paths';
import { actionIdInput, quoteForm } from './forms.view';
import { utcTime } from '../format';

export function quoteCard(customerId: string, shown: QuoteOnPage | null, now: Date): Html {
  return html`<section class="card"><h2>Get a quote</h2>
${quoteForm(customerId)}
${shown ? firmQuote(customerId, shown, now) : html`<div class="muted">A firm price for one trade, valid for a few seconds.</div>`}
</section>`;
}

function firmQuote(customerId: string, { quote }: QuoteOnPage, now: Date): Html {
  const buy = quote.side === 'BUY';
  const expiresAt = new Date(quote.expiresAt);
  const secondsLeft = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const expired = secondsLeft === 0;
  const headline = buy ? `Buy ${quote.cryptoAmount} USDT for ${quote.amount} AZN` : `Sell ${quote.cryptoAmount} USDT for ${quote.fiatAmount} AZN`;
  return html`<div class="quote${expired ? ' expired' : ''}" id="quote" data-quote-id="${quote.quoteId}">
<strong>${headline}</strong><br>
<span>Rate ${quote.exchangeRate} AZN per USDT (spread ${quote.spreadBps} bps)</span><br>
<span class="muted" id="quote-expiry">${
    expired ? `Expired at ${utcTime(expiresAt)}: get a new quote.` : `Valid until ${utcTime(expiresAt)} (${secondsLeft} s left when shown)`
  }</span>
<form class="row" id="quote-trade-form" method="post" action="${formPath(customerId, buy ? 'buys' : 'sells')}">
${actionIdInput()}
<input type="hidden" name="amount" value="${quote.amount}">
<input type="hidden" name="quoteId" value="${quote.quoteId}">
<button type="submit" class="${buy ? '' : 'sell'}">${buy ? 'Buy' : 'Sell'} at this quote</button>
</form>
</div>`;
}
