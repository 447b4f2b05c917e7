/**
 * `npm run proof:verify -- <proof.json>`: checks a customer's liability proof (docs/proofs.md)
 * with nothing but the file: no database, no network. The file is the proof document, or the
 * whole answer of GET /api/v1/users/{bankUserId}/liability-proof (`{"success":true,"data":…}`).
 * Exit 0: valid; 1: invalid (each problem printed); 2: usage or unreadable file.
 */
import { readFileSync } from 'node:fs';
import { verifyLiabilityProof, type LiabilityProofDocument } from '../../apps/core-engine/src/proofs/tree';

function main(argv: string[]): number {
  if (argv.length !== 1 || argv[0] === '--help') {
    process.stderr.write('usage: npm run proof:verify -- <proof.json>\n');
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(argv[0], 'utf8'));
  } catch (err) {
    process.stderr.write(`proof:verify: cannot read ${argv[0]}: ${(err as Error).message}\n`);
    return 2;
  }
  const doc = (typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : parsed) as LiabilityProofDocument;
  const check = verifyLiabilityProof(doc);
  if (check.valid) {
    process.stdout.write(
      `valid: ${doc.leaf.bankUserId} at position ${doc.leaf.position} of ${doc.root.leafCount} (bank ${doc.bankCode}, snapshot ${doc.snapshotId}, ${doc.takenAt})\n` +
        `  balances AZN ${doc.leaf.balances.AZN}, USDT ${doc.leaf.balances.USDT}\n  root ${doc.root.hash}: AZN ${doc.root.sums.AZN}, USDT ${doc.root.sums.USDT}\n`,
    );
    return 0;
  }
  process.stdout.write(`INVALID:\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return 1;
}

process.exit(main(process.argv.slice(2)));
