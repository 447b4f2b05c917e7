import { BalanceView, CustomerView } from '@app/shared-types';
import { Html, html } from '../html';

export function bankAccountCard(customer: CustomerView): Html {
  return html`<section class="card"><h2>Bank account</h2>
<div class="big" id="bank-balance">${customer.bankAccount.balance} AZN</div>
<div class="muted">The customer's current account at the bank. Deposits to the crypto wallet come from here; withdrawals return here.</div>
</section>`;
}

export function walletCard(wallet: BalanceView[] | null): Html {
  if (!wallet) {
    return html`<section class="card"><h2>Crypto wallet</h2>
<p class="flash error" id="wallet-unavailable">The crypto service did not answer, so the wallet cannot be shown right now. Reload the page in a moment.</p></section>`;
  }
  return html`<section class="card"><h2>Crypto wallet</h2>
<table><thead><tr><th>Currency</th><th class="num">Balance</th><th class="num">Locked</th><th class="num">Available</th></tr></thead>
<tbody>${wallet.map((b) => walletRow(b))}</tbody></table>
<div class="muted">Kept by the Core Engine. Locked: held for a trade or withdrawal in progress.</div>
</section>`;
}

function walletRow(b: BalanceView): Html {
  const id = `wallet-${b.currency.toLowerCase()}`;
  return html`<tr><td>${b.currency}</td><td class="num" id="${id}-balance">${b.balance}</td><td class="num" id="${id}-locked">${b.lockedBalance}</td><td class="num" id="${id}-available"><strong>${b.available}</strong></td></tr>`;
}
