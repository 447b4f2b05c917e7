#!/usr/bin/env node
'use strict';
/*
 * A verifier of liability proofs written from docs/proofs.md alone: it imports nothing of the
 * project, only node:crypto. `node test/proofs/independent-verifier.js proof.json` prints
 * "valid" (exit 0) or the reason (exit 1). test/proofs/independent-verifier.spec.ts runs it on
 * the proofs the Core Engine serves.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');

const CURRENCIES = ['AZN', 'USDT'];
const tag = (name) => Buffer.from('ccp-mst/v1/' + name + '\u0000', 'ascii');
const H = (...parts) => {
  const h = crypto.createHash('sha256');
  parts.forEach((p) => h.update(p));
  return h.digest();
};
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const u128 = (v) => {
  if (v < 0n || v >= 1n << 128n) throw new Error('amount out of range');
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(v >> 64n, 0);
  b.writeBigUInt64BE(v & ((1n << 64n) - 1n), 8);
  return b;
};
const units = (text) => {
  if (typeof text !== 'string' || !/^[0-9]+\.[0-9]{8}$/.test(text)) throw new Error('bad amount ' + JSON.stringify(text));
  return BigInt(text.replace('.', ''));
};
const hex = (text) => {
  if (typeof text !== 'string' || !/^[0-9a-f]{64}$/.test(text)) throw new Error('bad hash ' + JSON.stringify(text));
  return Buffer.from(text, 'hex');
};
const sums = (obj) => CURRENCIES.map((c) => units(obj[c]));
const node = (hash, amounts) => Buffer.concat([hash, ...amounts.map(u128)]);

function verify(proof) {
  if (proof.version !== 1) return 'version is not 1';
  if (JSON.stringify(proof.currencies) !== JSON.stringify(CURRENCIES)) return 'unexpected currencies';
  const { leaf, path, root } = proof;
  const n = root.leafCount;
  const height = root.height;
  if (!(leaf.position >= 0 && leaf.position < n)) return 'position outside the tree';
  if (n > 2 ** height || (height > 0 && n <= 2 ** (height - 1))) return 'leaf count does not fit the height';
  if (path.length !== height) return 'path length is not the height';

  const salt = hex(leaf.salt);
  const customer = H(tag('customer'), salt, Buffer.from(leaf.bankUserId, 'utf8'));
  let amounts = sums(leaf.balances);
  let hash = H(tag('leaf'), customer, u64(leaf.position), ...amounts.map(u128));
  let index = leaf.position;
  let count = n;
  for (let level = 0; level < height; level++) {
    const sib = path[level];
    const sibAmounts = sums(sib.sums);
    const sibling = node(hex(sib.hash), sibAmounts);
    if ((index ^ 1) >= count) {
      const pad = node(
        H(tag('pad'), Buffer.from([level])),
        CURRENCIES.map(() => 0n),
      );
      if (!sibling.equals(pad)) return 'sibling at level ' + level + ' should be the padding node';
    }
    const mine = node(hash, amounts);
    hash = index % 2 === 0 ? H(tag('node'), mine, sibling) : H(tag('node'), sibling, mine);
    amounts = amounts.map((a, i) => a + sibAmounts[i]);
    index = Math.floor(index / 2);
    count = Math.ceil(count / 2);
  }
  const rootHash = H(tag('root'), node(hash, amounts), u64(n));
  if (!rootHash.equals(hex(root.hash))) return 'root hash differs';
  const rootAmounts = sums(root.sums);
  for (let i = 0; i < CURRENCIES.length; i++) if (rootAmounts[i] !== amounts[i]) return CURRENCIES[i] + ' total differs';
  return null;
}

function check(proof) {
  try {
    return verify(proof);
  } catch (err) {
    return err.message;
  }
}

module.exports = { check };

if (require.main === module) {
  const problem = check(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
  process.stdout.write((problem === null ? 'valid' : 'INVALID: ' + problem) + '\n');
  process.exit(problem === null ? 0 : 1);
}
