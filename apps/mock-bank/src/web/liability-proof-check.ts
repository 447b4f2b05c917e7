import { createHash } from 'node:crypto';
import type { LiabilityProofDataDto } from '@app/shared-types';

/**
 * The bank's own check of a customer's liability proof, written from docs/proofs.md (the bank
 * does not run the Core Engine's code): null when the path leads to the root, else the reason.
 */
export function checkLiabilityProof(proof: LiabilityProofDataDto, publishedRoot: string | null): string | null {
  try {
    const tag = (name: string) => Buffer.from(`ccp-mst/v1/${name}\0`, 'ascii');
    const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
    const u64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt(n));
      return b;
    };
    const units = (s: string) => {
      if (!/^[0-9]+\.[0-9]{8}$/.test(s)) throw new Error(`amount ${s} is not unsigned with 8 places`);
      return BigInt(s.replace('.', ''));
    };
    const u128 = (v: bigint) => {
      const b = Buffer.alloc(16);
      b.writeBigUInt64BE(v >> 64n, 0);
      b.writeBigUInt64BE(v & 0xffffffffffffffffn, 8);
      return b;
    };
    const node = (hash: Buffer, s: bigint[]) => Buffer.concat([hash, ...s.map(u128)]);
    const { leaf, path, root } = proof;
    if (leaf.position >= root.leafCount || path.length !== root.height) return 'the proof does not fit its tree';
    let sums = [units(leaf.balances.AZN), units(leaf.balances.USDT)];
    const customer = sha(tag('customer'), Buffer.from(leaf.salt, 'hex'), Buffer.from(leaf.bankUserId, 'utf8'));
    let hash = sha(tag('leaf'), customer, u64(leaf.position), ...sums.map(u128));
    let count = root.leafCount;
    for (let level = 0, i = leaf.position; level < root.height; level++, i >>= 1, count = Math.ceil(count / 2)) {
      const sibSums = [units(path[level].sums.AZN), units(path[level].sums.USDT)];
      const sibling = node(Buffer.from(path[level].hash, 'hex'), sibSums);
      if ((i ^ 1) >= count && !sibling.equals(node(sha(tag('pad'), Buffer.of(level)), [0n, 0n]))) return `level ${level} should be padding`;
      hash = i % 2 === 0 ? sha(tag('node'), node(hash, sums), sibling) : sha(tag('node'), sibling, node(hash, sums));
      sums = sums.map((s, k) => s + sibSums[k]);
    }
    if (sha(tag('root'), node(hash, sums), u64(root.leafCount)).toString('hex') !== root.hash) return 'the path does not lead to the root';
    if (units(root.sums.AZN) !== sums[0] || units(root.sums.USDT) !== sums[1]) return "the root's totals are not the path's";
    if (publishedRoot !== null && publishedRoot !== root.hash) return "the root is not the one the bank's latest snapshot publishes";
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
