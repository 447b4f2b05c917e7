import { fromUnits, HASH_BYTES, TREE_CURRENCIES, TreeCurrency } from './layout';
import { sumsOf } from './merkle-sum-tree';

/** Amounts per currency as decimal strings with 8 places (10^-8 units). */
export type Amounts = Record<TreeCurrency, string>;

/** A customer's inclusion proof as served and as `npm run proof:verify` reads it (docs/proofs.md). */
export interface LiabilityProofDocument {
  version: 1;
  bankCode: string;
  snapshotId: string;
  takenAt: string;
  currencies: TreeCurrency[];
  leaf: { bankUserId: string; salt: string; position: number; balances: Amounts };
  /** The sibling at each level, from the leaf's level up; left or right follows from the position's bits. */
  path: { hash: string; sums: Amounts }[];
  root: { hash: string; sums: Amounts; leafCount: number; height: number };
}

export const amountsOf = (units: readonly bigint[]): Amounts =>
  Object.fromEntries(TREE_CURRENCIES.map((c, i) => [c, fromUnits(units[i])])) as Amounts;

export const stepOf = (record: Buffer) => ({ hash: record.subarray(0, HASH_BYTES).toString('hex'), sums: amountsOf(sumsOf(record)) });

/** The document for the leaf at `position` of a built tree (levels may be the stored levels' needed records only). */
export function proofDocument(
  meta: { bankCode: string; snapshotId: string; takenAt: Date },
  tree: { leafCount: number; height: number; rootHash: Buffer; rootSums: readonly bigint[] },
  leaf: { bankUserId: string; salt: Buffer; position: number; leafRecord: Buffer },
  path: readonly Buffer[],
): LiabilityProofDocument {
  return {
    version: 1,
    bankCode: meta.bankCode,
    snapshotId: meta.snapshotId,
    takenAt: meta.takenAt.toISOString(),
    currencies: [...TREE_CURRENCIES],
    leaf: { bankUserId: leaf.bankUserId, salt: leaf.salt.toString('hex'), position: leaf.position, balances: amountsOf(sumsOf(leaf.leafRecord)) },
    path: path.map(stepOf),
    root: { hash: tree.rootHash.toString('hex'), sums: amountsOf(tree.rootSums), leafCount: tree.leafCount, height: tree.height },
  };
}
