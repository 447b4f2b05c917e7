import { createHash, createHmac, hash as oneShotHash } from 'node:crypto';

/**
 * The byte layout of the liabilities tree (docs/proofs.md is the reference; this file and
 * test/proofs/independent-verifier.js must agree with it). SHA-256, full 32 bytes everywhere.
 */
export const TREE_CURRENCIES = ['AZN', 'USDT'] as const;
export type TreeCurrency = (typeof TREE_CURRENCIES)[number];

export const HASH_BYTES = 32;
/** One balance or sum: an unsigned 128-bit big-endian integer of 10^-8 units (Decimal(20,8) minor units). */
export const AMOUNT_BYTES = 16;
export const SUMS_BYTES = AMOUNT_BYTES * TREE_CURRENCIES.length;
/** A node as stored and as hashed into its parent: hash || sums. */
export const RECORD_BYTES = HASH_BYTES + SUMS_BYTES;
export const AMOUNT_SCALE = 8;
export const MAX_AMOUNT = (1n << 128n) - 1n;

const tag = (name: string) => Buffer.from(`ccp-mst/v1/${name}\0`, 'ascii');
export const TAG = {
  customer: tag('customer'),
  leaf: tag('leaf'),
  node: tag('node'),
  pad: tag('pad'),
  empty: tag('empty'),
  salt: tag('salt'),
  root: tag('root'),
};

export const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** "12.34000000" (at most 8 decimals, no sign) -> 1234000000n; anything else is refused. */
export function toUnits(amount: string): bigint {
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,8}))?$/.exec(amount);
  if (!m) throw new RangeError(`"${amount}" is not an unsigned decimal of at most ${AMOUNT_SCALE} places`);
  const units = BigInt(m[1]) * 10n ** 8n + BigInt((m[2] ?? '').padEnd(AMOUNT_SCALE, '0'));
  if (units > MAX_AMOUNT) throw new RangeError(`"${amount}" does not fit 128 bits of 10^-8 units`);
  return units;
}

/** 1234000000n -> "12.34000000". */
export function fromUnits(units: bigint): string {
  const s = units.toString().padStart(AMOUNT_SCALE + 1, '0');
  return `${s.slice(0, -AMOUNT_SCALE)}.${s.slice(-AMOUNT_SCALE)}`;
}

export function writeAmount(out: Buffer, offset: number, units: bigint): void {
  if (units < 0n) throw new RangeError('a negative balance cannot be committed');
  if (units > MAX_AMOUNT) throw new RangeError('an amount does not fit 128 bits');
  out.writeBigUInt64BE(units >> 64n, offset);
  out.writeBigUInt64BE(units & 0xffffffffffffffffn, offset + 8);
}

export function readAmount(buf: Buffer, offset: number): bigint {
  return (buf.readBigUInt64BE(offset) << 64n) | buf.readBigUInt64BE(offset + 8);
}

/** The customer's salt for one snapshot: HMAC-SHA256(secret, "ccp-mst/v1/salt\0" || snapshotId || 0x00 || bankUserId). */
export function customerSalt(secret: string, snapshotId: string, bankUserId: string): Buffer {
  return createHmac('sha256', secret).update(TAG.salt).update(snapshotId, 'utf8').update(Buffer.of(0)).update(bankUserId, 'utf8').digest();
}

/**
 * customerSalt and customerHash for many customers of one snapshot at the speed a million-leaf
 * tree needs: the same HMAC-SHA256 (RFC 2104) written out over one-shot hashes with the key's
 * pads computed once, and every preimage written into buffers kept from one customer to the next
 * (the CPU profile of a 1M build showed allocation and copying beside the hashing itself).
 */
export class SaltDeriver {
  private readonly inner: Buffer;
  private readonly outer = Buffer.alloc(64 + HASH_BYTES);
  private readonly prefix: number;
  /** "ccp-mst/v1/customer\0" || salt || UTF-8 id, the id copied from `inner`. */
  private readonly customer: Buffer;
  private readonly customerPrefix = TAG.customer.length;

  constructor(
    private readonly secret: string,
    private readonly snapshotId: string,
  ) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > 64) key = createHash('sha256').update(key).digest();
    const block = Buffer.alloc(64);
    key.copy(block);
    const head = Buffer.concat([Buffer.from(block.map((b) => b ^ 0x36)), TAG.salt, Buffer.from(snapshotId, 'utf8'), Buffer.of(0)]);
    this.prefix = head.length;
    this.inner = Buffer.alloc(head.length + 256);
    head.copy(this.inner);
    Buffer.from(block.map((b) => b ^ 0x5c)).copy(this.outer);
    this.customer = Buffer.alloc(this.customerPrefix + HASH_BYTES + 256);
    TAG.customer.copy(this.customer);
  }

  /** Buffer.write stops at the end of the buffer, whole characters only: an id within 4 bytes of it may have been cut (a long id goes the slow way). */
  private mayBeCut(written: number): boolean {
    return written > this.inner.length - this.prefix - 4;
  }

  salt(bankUserId: string): Buffer {
    const n = this.inner.write(bankUserId, this.prefix, 'utf8');
    if (this.mayBeCut(n)) return customerSalt(this.secret, this.snapshotId, bankUserId);
    this.outer.set(oneShotHash('sha256', this.inner.subarray(0, this.prefix + n), 'buffer'), 64);
    return oneShotHash('sha256', this.outer, 'buffer');
  }

  /** customerHash(customerSalt(secret, snapshotId, bankUserId), bankUserId), the id encoded once. */
  customerHash(bankUserId: string): Buffer {
    const n = this.inner.write(bankUserId, this.prefix, 'utf8');
    if (this.mayBeCut(n)) return customerHash(customerSalt(this.secret, this.snapshotId, bankUserId), bankUserId);
    this.outer.set(oneShotHash('sha256', this.inner.subarray(0, this.prefix + n), 'buffer'), 64);
    this.customer.set(oneShotHash('sha256', this.outer, 'buffer'), this.customerPrefix);
    this.inner.copy(this.customer, this.customerPrefix + HASH_BYTES, this.prefix, this.prefix + n);
    return oneShotHash('sha256', this.customer.subarray(0, this.customerPrefix + HASH_BYTES + n), 'buffer');
  }
}

/** SHA-256("ccp-mst/v1/customer\0" || salt (32 bytes) || UTF-8 bankUserId). */
export function customerHash(salt: Buffer, bankUserId: string): Buffer {
  if (salt.length !== HASH_BYTES) throw new RangeError('a salt is 32 bytes');
  return oneShotHash('sha256', Buffer.concat([TAG.customer, salt, Buffer.from(bankUserId, 'utf8')]), 'buffer');
}

/** The padding node of a level with an odd number of nodes: SHA-256("ccp-mst/v1/pad\0" || level as one byte), sums zero. */
export function paddingRecord(level: number): Buffer {
  const record = Buffer.alloc(RECORD_BYTES);
  sha256(TAG.pad, Buffer.of(level)).copy(record, 0);
  return record;
}

export const EMPTY_ROOT_HASH = sha256(TAG.empty);

/** The published root: SHA-256("ccp-mst/v1/root\0" || top node's hash || its sums || leaf count as u64), so the count is committed too. */
export function rootCommitment(topRecord: Buffer, leafCount: number): Buffer {
  const count = Buffer.alloc(8);
  count.writeBigUInt64BE(BigInt(leafCount));
  return sha256(TAG.root, topRecord, count);
}
