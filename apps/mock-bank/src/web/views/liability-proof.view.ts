import { Html, html } from '../html';
import { LiabilityProofOnPage } from '../page-models';

/** The customer's liability proof from the core and the bank's check of it (docs/proofs.md). */
export function liabilityProofCard(proof: LiabilityProofOnPage | null): Html {
  if (!proof) {
    return html`<section class="card"><h2>Proof of liabilities</h2>
<p class="muted" id="proof-unavailable">No snapshot of the crypto service's liabilities includes this wallet yet (one is taken daily).</p></section>`;
  }
  const { document: d, problem } = proof;
  return html`<section class="card"><h2>Proof of liabilities</h2>
<p id="proof-check" class="${problem === null ? 'flash ok' : 'flash error'}">${
    problem === null
      ? `Checked by the bank: your balances are leaf ${d.leaf.position + 1} of ${d.root.leafCount} in the tree whose root the crypto service published.`
      : `The proof does not check: ${problem}.`
  }</p>
<table><tbody>
<tr><td>Snapshot</td><td id="proof-taken-at">${d.takenAt}</td></tr>
<tr><td>Your AZN, USDT</td><td class="num" id="proof-balances">${d.leaf.balances.AZN} AZN, ${d.leaf.balances.USDT} USDT</td></tr>
<tr><td>Root</td><td><code id="proof-root">${d.root.hash}</code></td></tr>
<tr><td>All customers</td><td class="num">${d.root.sums.AZN} AZN, ${d.root.sums.USDT} USDT</td></tr>
<tr><td>Your salt</td><td><code>${d.leaf.salt}</code></td></tr>
</tbody></table>
<div class="muted">Save the proof as JSON and check it yourself: <code>npm run proof:verify -- proof.json</code> (docs/proofs.md). The path has ${String(d.path.length)} steps.</div>
</section>`;
}
