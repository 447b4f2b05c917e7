import { hash as oneShotHash } from 'node:crypto';
import {
  rootCommitment,
  EMPTY_ROOT_HASH,
  HASH_BYTES,
  paddingRecord,
  RECORD_BYTES,
  readAmount,
  SUMS_BYTES,
  TAG,
  TREE_CURRENCIES,
  writeAmount,
  AMOUNT_BYTES,
} from './layout';

export class DuplicateLeafError extends Error {}
export class NegativeBalanceError extends Error {}

/** A built tree: every level's nodes as `hash || sums` records, leaves first (padding is not stored). */
export interface MerkleSumTree {
  levels: Buffer[];
  leafCount: number;
  height: number;
  rootHash: Buffer;
  /** 10^-8 units per currency, in TREE_CURRENCIES order. */
  rootSums: bigint[];
}

const sha = (data: Buffer): Buffer => oneShotHash('sha256', data, 'buffer');

/** out[o..o+SUMS) = a[ao..] + b[bo..], per 128-bit amount, big-endian, refusing an overflow. */
function addSums(out: Buffer, o: number, a: Buffer, ao: number, b: Buffer, bo: number): void {
  for (let c = 0; c < TREE_CURRENCIES.length; c++) {
    let carry = 0;
    for (let limb = AMOUNT_BYTES / 4 - 1; limb >= 0; limb--) {
      const at = c * AMOUNT_BYTES + limb * 4;
      const s = a.readUInt32BE(ao + at) + b.readUInt32BE(bo + at) + carry;
      out.writeUInt32BE(s >>> 0, o + at);
      carry = s > 0xffffffff ? 1 : 0;
    }
    if (carry) throw new RangeError('a sum does not fit 128 bits');
  }
}

/**
 * Builds a Merkle-sum tree leaf by leaf (docs/proofs.md): add() hashes each leaf into a
 * buffer sized for `capacity` leaves, build() hashes the levels up. Refuses a customer hash
 * seen twice and a negative balance (Chalkias et al.: unique leaf ids, no negative balances).
 */
export class MerkleSumTreeBuilder {
  private readonly leaves: Buffer;
  private customerHashes: Buffer;
  private count = 0;
  /** The first 6 bytes of each customer hash -> its position: a hit is compared in full. */
  private readonly seen = new Map<number, number>();
  private readonly collided = new Set<string>();
  private readonly preimage = Buffer.alloc(TAG.leaf.length + HASH_BYTES + 8 + SUMS_BYTES);

  constructor(private readonly capacity: number) {
    this.leaves = Buffer.alloc(capacity * RECORD_BYTES);
    this.customerHashes = Buffer.alloc(capacity * HASH_BYTES);
    TAG.leaf.copy(this.preimage, 0);
  }

  /** Adds the next leaf (its position is the number of leaves added before it); returns the position. */
  add(customerHash: Buffer, units: readonly bigint[]): number {
    if (this.count >= this.capacity) throw new RangeError('more leaves than the capacity');
    if (customerHash.length !== HASH_BYTES) throw new RangeError('a customer hash is 32 bytes');
    if (units.length !== TREE_CURRENCIES.length) throw new RangeError(`a leaf has ${TREE_CURRENCIES.length} balances`);
    const key = customerHash.readUIntBE(0, 6);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      const hex = customerHash.toString('hex');
      if (this.customerHashes.subarray(earlier * HASH_BYTES, (earlier + 1) * HASH_BYTES).equals(customerHash) || this.collided.has(hex))
        throw new DuplicateLeafError(`customer hash ${hex} appears twice`);
      this.collided.add(hex);
    }
    const position = this.count++;
    if (earlier === undefined) this.seen.set(key, position);
    customerHash.copy(this.customerHashes, position * HASH_BYTES);
    let o = TAG.leaf.length;
    customerHash.copy(this.preimage, o);
    o += HASH_BYTES;
    this.preimage.writeBigUInt64BE(BigInt(position), o);
    o += 8;
    const record = position * RECORD_BYTES;
    units.forEach((u, c) => {
      if (u < 0n) throw new NegativeBalanceError(`leaf ${position} has a negative ${TREE_CURRENCIES[c]} balance`);
      writeAmount(this.preimage, o + c * AMOUNT_BYTES, u);
    });
    sha(this.preimage).copy(this.leaves, record);
    this.preimage.copy(this.leaves, record + HASH_BYTES, o, o + SUMS_BYTES);
    return position;
  }

  build(): MerkleSumTree {
    this.seen.clear();
    this.customerHashes = Buffer.alloc(0);
    const leafCount = this.count;
    if (leafCount === 0)
      return { levels: [Buffer.alloc(0)], leafCount, height: 0, rootHash: Buffer.from(EMPTY_ROOT_HASH), rootSums: TREE_CURRENCIES.map(() => 0n) };
    const levels = [this.leaves.subarray(0, leafCount * RECORD_BYTES)];
    const preimage = Buffer.alloc(TAG.node.length + 2 * RECORD_BYTES);
    TAG.node.copy(preimage, 0);
    const left = TAG.node.length;
    const right = left + RECORD_BYTES;
    for (let level = 0; levels[level].length > RECORD_BYTES; level++) {
      const below = levels[level];
      const n = below.length / RECORD_BYTES;
      const up = Buffer.alloc(Math.ceil(n / 2) * RECORD_BYTES);
      const pad = paddingRecord(level);
      for (let i = 0; i < n; i += 2) {
        below.copy(preimage, left, i * RECORD_BYTES, (i + 1) * RECORD_BYTES);
        if (i + 1 < n) below.copy(preimage, right, (i + 1) * RECORD_BYTES, (i + 2) * RECORD_BYTES);
        else pad.copy(preimage, right);
        const at = (i / 2) * RECORD_BYTES;
        sha(preimage).copy(up, at);
        addSums(up, at + HASH_BYTES, preimage, left + HASH_BYTES, preimage, right + HASH_BYTES);
      }
      levels.push(up);
    }
    const top = levels[levels.length - 1];
    return {
      levels,
      leafCount,
      height: levels.length - 1,
      rootHash: rootCommitment(top, leafCount),
      rootSums: TREE_CURRENCIES.map((_, c) => readAmount(top, HASH_BYTES + c * 16)),
    };
  }
}

/** The record (hash || sums) of node `index` of a level, the padding node just past its end. */
export function nodeRecord(level: Buffer, levelNumber: number, index: number): Buffer {
  const n = level.length / RECORD_BYTES;
  if (index === n && n % 2 === 1) return paddingRecord(levelNumber);
  if (index < 0 || index >= n) throw new RangeError(`no node ${index} at level ${levelNumber}`);
  return Buffer.from(level.subarray(index * RECORD_BYTES, (index + 1) * RECORD_BYTES));
}

/** The siblings from the leaf at `position` up to the root (one per level below the root). */
export function inclusionPath(tree: Pick<MerkleSumTree, 'levels' | 'height'>, position: number): Buffer[] {
  const path: Buffer[] = [];
  for (let level = 0, i = position; level < tree.height; level++, i >>= 1) path.push(nodeRecord(tree.levels[level], level, i ^ 1));
  return path;
}

export function sumsOf(record: Buffer): bigint[] {
  return TREE_CURRENCIES.map((_, c) => readAmount(record, HASH_BYTES + c * AMOUNT_BYTES));
}
