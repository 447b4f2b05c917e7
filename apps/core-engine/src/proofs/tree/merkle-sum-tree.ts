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

const CURRENCY_COUNT = TREE_CURRENCIES.length;
const TAG_NODE_BYTES = TAG.node.length;

/** out[o..o+SUMS) = a[ao..] + b[bo..], per 128-bit amount, big-endian, refusing an overflow. */
function addSums(out: Buffer, o: number, a: Buffer, ao: number, b: Buffer, bo: number): void {
  for (let c = 0; c < CURRENCY_COUNT; c++) {
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

/** The parents of nodes [from, to) of a level (`from` even) into `up`; `pad` stands in for a missing last sibling. */
function hashParents(below: Buffer, n: number, up: Buffer, pad: Buffer, preimage: Buffer, from: number, to: number): void {
  const left = TAG_NODE_BYTES;
  const right = left + RECORD_BYTES;
  for (let i = from; i < to; i += 2) {
    // Two siblings are adjacent in their level: one copy of both (a padded last one: two).
    if (i + 1 < n) below.copy(preimage, left, i * RECORD_BYTES, (i + 2) * RECORD_BYTES);
    else {
      below.copy(preimage, left, i * RECORD_BYTES, (i + 1) * RECORD_BYTES);
      pad.copy(preimage, right);
    }
    const at = (i / 2) * RECORD_BYTES;
    up.set(sha(preimage), at);
    addSums(up, at + HASH_BYTES, preimage, left + HASH_BYTES, preimage, right + HASH_BYTES);
  }
}

const UINT64_LIMIT = 1n << 64n;
/** Parent nodes hashed between two yields of buildYielding() (a few ms of work). */
const YIELD_NODES = 4096;

/**
 * The customer hashes added so far, by their first 32 bits, in an open-addressing table of
 * typed arrays (off the JS heap: a Map of a million entries cost tens of MB of heap and a
 * tenth of a 1M build's CPU). A hit on the 32 bits is compared in full.
 */
class SeenCustomerHashes {
  private readonly keys: Uint32Array;
  /** position + 1 per slot; 0: empty. */
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** Records the hash at `position` of `hashes` unless an equal one is there already: then its position. */
  addOrFind(hashes: Buffer, position: number): number {
    const at = position * HASH_BYTES;
    const key = hashes.readUInt32BE(at);
    for (let slot = (key ^ (key >>> 16)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const held = this.slots[slot];
      if (held === 0) {
        this.keys[slot] = key;
        this.slots[slot] = position + 1;
        return -1;
      }
      if (this.keys[slot] === key && hashes.compare(hashes, (held - 1) * HASH_BYTES, held * HASH_BYTES, at, at + HASH_BYTES) === 0) return held - 1;
    }
  }
}

/**
 * Builds a Merkle-sum tree leaf by leaf (docs/proofs.md): add() hashes each leaf into a
 * buffer sized for `capacity` leaves, build() hashes the levels up. Refuses a customer hash
 * seen twice and a negative balance (Chalkias et al.: unique leaf ids, no negative balances).
 * Per leaf and per node, one hash call into buffers kept for the whole build, no JS object.
 */
export class MerkleSumTreeBuilder {
  private readonly leaves: Buffer;
  private customerHashes: Buffer;
  private count = 0;
  private seen?: SeenCustomerHashes;
  private readonly preimage = Buffer.alloc(TAG.leaf.length + HASH_BYTES + 8 + SUMS_BYTES);
  private readonly hashAt = TAG.leaf.length;
  private readonly sumsAt = TAG.leaf.length + HASH_BYTES + 8;

  constructor(private readonly capacity: number) {
    this.leaves = Buffer.alloc(capacity * RECORD_BYTES);
    this.customerHashes = Buffer.alloc(capacity * HASH_BYTES);
    this.seen = new SeenCustomerHashes(capacity);
    TAG.leaf.copy(this.preimage, 0);
  }

  /** Adds the next leaf (its position is the number of leaves added before it); returns the position. */
  add(customerHash: Buffer, units: readonly bigint[]): number {
    if (this.count >= this.capacity || !this.seen) throw new RangeError('more leaves than the capacity');
    if (customerHash.length !== HASH_BYTES) throw new RangeError('a customer hash is 32 bytes');
    if (units.length !== CURRENCY_COUNT) throw new RangeError(`a leaf has ${CURRENCY_COUNT} balances`);
    const position = this.count;
    const preimage = this.preimage;
    for (let c = 0; c < CURRENCY_COUNT; c++) {
      const u = units[c];
      if (u < 0n) throw new NegativeBalanceError(`leaf ${position} has a negative ${TREE_CURRENCIES[c]} balance`);
      const o = this.sumsAt + c * AMOUNT_BYTES;
      if (u < UINT64_LIMIT) {
        preimage.writeUInt32BE(0, o);
        preimage.writeUInt32BE(0, o + 4);
        preimage.writeBigUInt64BE(u, o + 8);
      } else writeAmount(preimage, o, u);
    }
    this.customerHashes.set(customerHash, position * HASH_BYTES);
    const earlier = this.seen.addOrFind(this.customerHashes, position);
    if (earlier >= 0)
      throw new DuplicateLeafError(`customer hash ${customerHash.toString('hex')} appears twice (positions ${earlier} and ${position})`);
    this.count++;
    preimage.set(customerHash, this.hashAt);
    preimage.writeUInt32BE(Math.floor(position / 2 ** 32), this.hashAt + HASH_BYTES);
    preimage.writeUInt32BE(position >>> 0, this.hashAt + HASH_BYTES + 4);
    const record = position * RECORD_BYTES;
    this.leaves.set(sha(preimage), record);
    preimage.copy(this.leaves, record + HASH_BYTES, this.sumsAt, this.sumsAt + SUMS_BYTES);
    return position;
  }

  build(): MerkleSumTree {
    const steps = this.levelsInSteps();
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }

  /**
   * build() in steps of YIELD_NODES nodes with the event loop free between them: inside the Core
   * Engine a 1M tree's levels are about a million hashes, which in one go would hold every
   * request for seconds. The same hashing code as build().
   */
  async buildYielding(): Promise<MerkleSumTree> {
    const steps = this.levelsInSteps();
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private *levelsInSteps(): Generator<void, MerkleSumTree, void> {
    this.seen = undefined;
    this.customerHashes = Buffer.alloc(0);
    const leafCount = this.count;
    if (leafCount === 0)
      return { levels: [Buffer.alloc(0)], leafCount, height: 0, rootHash: Buffer.from(EMPTY_ROOT_HASH), rootSums: TREE_CURRENCIES.map(() => 0n) };
    const levels = [this.leaves.subarray(0, leafCount * RECORD_BYTES)];
    const preimage = Buffer.alloc(TAG.node.length + 2 * RECORD_BYTES);
    TAG.node.copy(preimage, 0);
    for (let level = 0; levels[level].length > RECORD_BYTES; level++) {
      const below = levels[level];
      const n = below.length / RECORD_BYTES;
      const up = Buffer.alloc(Math.ceil(n / 2) * RECORD_BYTES);
      const pad = paddingRecord(level);
      // The hashing is a plain function called a slice at a time: build() and buildYielding() run the same loop, outside the generator.
      for (let i = 0; i < n; i += 2 * YIELD_NODES) {
        hashParents(below, n, up, pad, preimage, i, Math.min(n, i + 2 * YIELD_NODES));
        if (i + 2 * YIELD_NODES < n) yield;
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
