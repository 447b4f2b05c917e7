import {
  rootCommitment,
  customerHash,
  HASH_BYTES,
  paddingRecord,
  sha256,
  TAG,
  toUnits,
  TREE_CURRENCIES,
  writeAmount,
  AMOUNT_BYTES,
  MAX_AMOUNT,
  EMPTY_ROOT_HASH,
} from './layout';
import type { Amounts, LiabilityProofDocument } from './proof-document';

export type ProofCheck = { valid: true; problems: [] } | { valid: false; problems: string[] };

const HEX32 = /^[0-9a-f]{64}$/;

class ProofProblem extends Error {}

function hex32(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || !HEX32.test(value)) throw new ProofProblem(`${what} is not 64 lower-case hex digits`);
  return Buffer.from(value, 'hex');
}

function amounts(value: unknown, what: string): bigint[] {
  if (typeof value !== 'object' || value === null) throw new ProofProblem(`${what} is not an object of amounts`);
  const keys = Object.keys(value).sort();
  if (keys.join() !== [...TREE_CURRENCIES].sort().join()) throw new ProofProblem(`${what} must have exactly ${TREE_CURRENCIES.join(', ')}`);
  return TREE_CURRENCIES.map((c) => {
    const text = (value as Record<string, unknown>)[c];
    if (typeof text !== 'string' || !/^[0-9]+\.[0-9]{8}$/.test(text)) throw new ProofProblem(`${what}.${c} is not an unsigned decimal with 8 places`);
    return toUnits(text.replace(/^0+(?=\d)/, ''));
  });
}

function integer(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max)
    throw new ProofProblem(`${what} is not an integer 0..${max}`);
  return value;
}

function record(hash: Buffer, sums: readonly bigint[]): Buffer {
  const out = Buffer.alloc(HASH_BYTES + AMOUNT_BYTES * TREE_CURRENCIES.length);
  hash.copy(out, 0);
  sums.forEach((u, c) => writeAmount(out, HASH_BYTES + c * AMOUNT_BYTES, u));
  return out;
}

/**
 * Checks one customer's inclusion proof with nothing but the document: the leaf from the salt,
 * id, position and balances, then each parent from its two children's hashes and sums, up to
 * the root's hash and sums (docs/proofs.md). Every problem is named; none means valid.
 */
export function verifyLiabilityProof(doc: LiabilityProofDocument): ProofCheck {
  try {
    if (doc.version !== 1) throw new ProofProblem('version must be 1');
    if (!Array.isArray(doc.currencies) || doc.currencies.join() !== TREE_CURRENCIES.join())
      throw new ProofProblem(`currencies must be ${TREE_CURRENCIES.join(', ')} in this order`);
    const { leaf, root, path } = doc;
    if (typeof leaf?.bankUserId !== 'string' || leaf.bankUserId.length === 0) throw new ProofProblem('leaf.bankUserId is missing');
    const height = integer(root?.height, 'root.height', 64);
    const leafCount = integer(root.leafCount, 'root.leafCount', Number.MAX_SAFE_INTEGER);
    const position = integer(leaf.position, 'leaf.position', Number.MAX_SAFE_INTEGER);
    if (position >= leafCount) throw new ProofProblem(`leaf.position ${position} is not below root.leafCount ${leafCount}`);
    if (leafCount > 2 ** height || (height > 0 && leafCount <= 2 ** (height - 1)))
      throw new ProofProblem(`root.leafCount ${leafCount} does not match root.height ${height}`);
    if (!Array.isArray(path) || path.length !== height) throw new ProofProblem(`path must have root.height (${height}) steps`);
    const rootHash = hex32(root.hash, 'root.hash');
    if (rootHash.equals(EMPTY_ROOT_HASH)) throw new ProofProblem('root.hash is the empty tree');
    const rootSums = amounts(root.sums, 'root.sums');

    const preimage = Buffer.alloc(TAG.leaf.length + HASH_BYTES + 8 + AMOUNT_BYTES * TREE_CURRENCIES.length);
    TAG.leaf.copy(preimage, 0);
    customerHash(hex32(leaf.salt, 'leaf.salt'), leaf.bankUserId).copy(preimage, TAG.leaf.length);
    preimage.writeBigUInt64BE(BigInt(position), TAG.leaf.length + HASH_BYTES);
    let sums = amounts(leaf.balances, 'leaf.balances');
    sums.forEach((u, c) => writeAmount(preimage, TAG.leaf.length + HASH_BYTES + 8 + c * AMOUNT_BYTES, u));
    let hash = sha256(preimage);

    let nodes = leafCount;
    for (let level = 0, i = position; level < height; level++, i >>= 1, nodes = Math.ceil(nodes / 2)) {
      const step = path[level];
      const siblingHash = hex32(step?.hash, `path[${level}].hash`);
      const siblingSums = amounts(step.sums, `path[${level}].sums`);
      const sibling = record(siblingHash, siblingSums);
      // Past the end of an odd level the only sibling there can be is the padding node.
      if ((i ^ 1) >= nodes && !sibling.equals(paddingRecord(level)))
        throw new ProofProblem(`path[${level}] must be the padding node of level ${level}`);
      const mine = record(hash, sums);
      hash = i & 1 ? sha256(TAG.node, sibling, mine) : sha256(TAG.node, mine, sibling);
      sums = sums.map((u, c) => u + siblingSums[c]);
      if (sums.some((u) => u > MAX_AMOUNT)) throw new ProofProblem(`a sum at level ${level + 1} does not fit 128 bits`);
    }
    const problems: string[] = [];
    if (!rootCommitment(record(hash, sums), leafCount).equals(rootHash)) problems.push('the path does not lead to root.hash');
    TREE_CURRENCIES.forEach((c, k) => {
      if (sums[k] !== rootSums[k]) problems.push(`the path's ${c} sum is not root.sums.${c}`);
    });
    return problems.length ? { valid: false, problems } : { valid: true, problems: [] };
  } catch (err) {
    if (err instanceof ProofProblem || err instanceof RangeError) return { valid: false, problems: [err.message] };
    throw err;
  }
}

export type { Amounts };
