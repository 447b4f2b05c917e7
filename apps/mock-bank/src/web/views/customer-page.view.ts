import { Flash } from '../flash';
import { Html, html } from '../html';
import { CustomerPageModel } from '../page-models';
import { HOME_PATH } from '../paths';
import { bankAccountCard, walletCard } from './balances.view';
import { moveMoneyCard, tradeCard } from './forms.view';
import { coreTransactionsCard, historyCard } from './history.view';
import { layout } from './layout';
import { quoteCard } from './quote.view';
import { ordersCard } from './orders.view';
import { liabilityProofCard } from './liability-proof.view';

/** GET /customers/:id/page: balances, the forms, the quote just asked for, the history, and the core's list of the wallet's transactions. */
export function customerPage(model: CustomerPageModel, flash: Flash | null): Html {
  const { customer } = model;
  return layout(
    customer.name,
    html`<h1>${customer.name} <small>customer ${customer.id} · <a href="${HOME_PATH}">all customers</a></small></h1>
<div class="grid">
${bankAccountCard(customer)}
${walletCard(model.wallet)}
</div>
<div class="grid">
${moveMoneyCard(customer.id)}
${quoteCard(customer.id, model.quote, model.now)}
${tradeCard(customer.id)}
</div>
${ordersCard(customer.id, model.orders ?? null)}
${historyCard(customer.id, model.history)}
${coreTransactionsCard(customer.id, model.coreTransactions)}
${liabilityProofCard(model.liabilityProof ?? null)}`,
    flash,
  );
}
