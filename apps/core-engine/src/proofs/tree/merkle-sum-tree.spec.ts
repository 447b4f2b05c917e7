import { customerHash, customerSalt, EMPTY_ROOT_HASH, fromUnits, paddingRecord, SaltDeriver, toUnits } from './layout';
import { DuplicateLeafError, inclusionPath, MerkleSumTreeBuilder, NegativeBalanceError, nodeRecord } from './merkle-sum-tree';
import { LiabilityProofDocument, proofDocument } from './proof-document';
import { verifyLiabilityProof } from './verify-proof';

const SECRET = 'test-salt-secret';
const SNAPSHOT = '11111111-1111-4111-8111-111111111111';

function customers(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `user_${i}`,
    azn: `${i}.${String(i % 100).padStart(2, '0')}`,
    usdt: `${(i * 7) % 13}.12345678`,
  }));
}

function treeOf(list: ReturnType<typeof customers>) {
  const builder = new MerkleSumTreeBuilder(list.length);
  list.forEach((c) => builder.add(customerHash(customerSalt(SECRET, SNAPSHOT, c.id), c.id), [toUnits(c.azn), toUnits(c.usdt)]));
  return builder.build();
}

function proofFor(list: ReturnType<typeof customers>, tree: ReturnType<typeof treeOf>, position: number): LiabilityProofDocument {
  const id = list[position].id;
  return proofDocument(
    { bankCode: 'demo', snapshotId: SNAPSHOT, takenAt: new Date('2026-12-07T00:00:00.000Z') },
    tree,
    { bankUserId: id, salt: customerSalt(SECRET, SNAPSHOT, id), position, leafRecord: nodeRecord(tree.levels[0], 0, position) },
    inclusionPath(tree, position),
  );
}

describe('Merkle-sum tree of liabilities', () => {
  it('encodes Decimal(20,8) amounts as 10^-8 units and back, refusing signs and a 9th place', () => {
    expect(toUnits('12.34')).toBe(1234000000n);
    expect(fromUnits(1234000000n)).toBe('12.34000000');
    expect(fromUnits(1n)).toBe('0.00000001');
    expect(() => toUnits('-1.00')).toThrow(RangeError);
    expect(() => toUnits('0.000000001')).toThrow(RangeError);
  });

  it.each([1, 2, 3, 5, 8, 13, 100])('proofs of every one of %i customers verify, and the root sums every balance', (n) => {
    const list = customers(n);
    const tree = treeOf(list);
    const total = (pick: (c: (typeof list)[number]) => string) => fromUnits(list.reduce((s, c) => s + toUnits(pick(c)), 0n));
    for (let i = 0; i < n; i++) expect(verifyLiabilityProof(proofFor(list, tree, i))).toEqual({ valid: true, problems: [] });
    const doc = proofFor(list, tree, 0);
    expect(doc.root.sums).toEqual({ AZN: total((c) => c.azn), USDT: total((c) => c.usdt) });
    expect(doc.root.leafCount).toBe(n);
  });

  it('builds the same tree in steps (buildYielding, as the snapshot does) as in one go, past several yields', async () => {
    const list = customers(9_001);
    const stepwise = new MerkleSumTreeBuilder(list.length);
    list.forEach((c) => stepwise.add(customerHash(customerSalt(SECRET, SNAPSHOT, c.id), c.id), [toUnits(c.azn), toUnits(c.usdt)]));
    const [a, b] = [await stepwise.buildYielding(), treeOf(list)];
    expect(a.rootHash).toEqual(b.rootHash);
    expect(a.rootSums).toEqual(b.rootSums);
    expect(a.levels).toEqual(b.levels);
  });

  it('has fixed sums for a known tree: 3 customers, the odd level padded', () => {
    const list = customers(3);
    const tree = treeOf(list);
    expect(tree.height).toBe(2);
    expect(proofFor(list, tree, 0).root.sums).toEqual({ AZN: '3.03000000', USDT: '8.37037034' });
    expect(inclusionPath(tree, 2)[0]).toEqual(paddingRecord(0));
  });

  it('answers the empty tree with the empty root and zero sums', () => {
    const tree = new MerkleSumTreeBuilder(0).build();
    expect(tree.rootHash).toEqual(EMPTY_ROOT_HASH);
    expect(tree.rootSums).toEqual([0n, 0n]);
  });

  describe('detects tampering', () => {
    const list = customers(6);
    const tree = treeOf(list);
    const fresh = () => proofFor(list, tree, 4);

    it('a changed balance', () => {
      const doc = fresh();
      doc.leaf.balances.USDT = '100.00000000';
      expect(verifyLiabilityProof(doc).valid).toBe(false);
    });

    it('a swapped sibling', () => {
      const doc = fresh();
      doc.path[0] = proofFor(list, tree, 1).path[0];
      expect(verifyLiabilityProof(doc).problems).toContain('the path does not lead to root.hash');
    });

    it('two siblings swapped in order (the left and right of one level)', () => {
      const doc = fresh();
      [doc.path[0], doc.path[1]] = [doc.path[1], doc.path[0]];
      expect(verifyLiabilityProof(doc).valid).toBe(false);
    });

    it('a changed sum of a sibling, even when the root sums are changed to match', () => {
      const doc = fresh();
      doc.path[0].sums.AZN = fromUnits(toUnits(doc.path[0].sums.AZN) - 100000000n);
      doc.root.sums.AZN = fromUnits(toUnits(doc.root.sums.AZN) - 100000000n);
      expect(verifyLiabilityProof(doc)).toEqual({ valid: false, problems: ['the path does not lead to root.hash'] });
    });

    it('a changed root sum', () => {
      const doc = fresh();
      doc.root.sums.USDT = '0.00000000';
      expect(verifyLiabilityProof(doc)).toEqual({ valid: false, problems: ["the path's USDT sum is not root.sums.USDT"] });
    });

    it('a negative balance: refused by the builder and by the verifier', () => {
      const builder = new MerkleSumTreeBuilder(1);
      expect(() => builder.add(Buffer.alloc(32, 1), [-1n, 0n])).toThrow(NegativeBalanceError);
      const doc = fresh();
      doc.path[0].sums.AZN = '-5.00000000';
      expect(verifyLiabilityProof(doc)).toEqual({ valid: false, problems: ['path[0].sums.AZN is not an unsigned decimal with 8 places'] });
    });

    it('a duplicated leaf: the builder refuses a customer twice, and a leaf moved to another position fails', () => {
      const builder = new MerkleSumTreeBuilder(2);
      const h = customerHash(customerSalt(SECRET, SNAPSHOT, 'user_1'), 'user_1');
      builder.add(h, [1n, 1n]);
      expect(() => builder.add(Buffer.from(h), [1n, 1n])).toThrow(DuplicateLeafError);
      // Two hashes alike in their first 32 bits (the table's key) are still two customers.
      const twin = Buffer.from(h);
      twin[31] ^= 1;
      expect(builder.add(twin, [2n, 2n])).toBe(1);
      expect(builder.build().rootSums).toEqual([3n, 3n]);
      const doc = fresh();
      doc.leaf.position = 5;
      expect(verifyLiabilityProof(doc).valid).toBe(false);
    });

    it('another salt or another customer id', () => {
      const doc = fresh();
      doc.leaf.bankUserId = 'user_3';
      expect(verifyLiabilityProof(doc).valid).toBe(false);
      const salted = fresh();
      salted.leaf.salt = '00'.repeat(32);
      expect(verifyLiabilityProof(salted).valid).toBe(false);
    });

    it('a leaf count that hides a padding node as a customer', () => {
      const list5 = customers(5);
      const tree5 = treeOf(list5);
      const doc = proofFor(list5, tree5, 4);
      doc.root.leafCount = 6;
      expect(verifyLiabilityProof(doc).valid).toBe(false);
    });
  });
});

describe('SaltDeriver', () => {
  it('derives the same salts as the HMAC of docs/proofs.md, for short, long and non-ASCII ids and keys', () => {
    for (const secret of ['k', 'x'.repeat(100)]) {
      const d = new SaltDeriver(secret, SNAPSHOT);
      for (const id of ['a', 'user_42', 'ü'.repeat(200)]) expect(d.salt(id)).toEqual(customerSalt(secret, SNAPSHOT, id));
    }
  });

  it('derives the same customer hashes as customerHash(customerSalt(...)), the id written once, also for ids past its buffer', () => {
    const d = new SaltDeriver('k', SNAPSHOT);
    for (const id of ['a', 'user_42', 'x'.repeat(252), 'x'.repeat(253), 'ü'.repeat(126), 'ü'.repeat(200), '€'.repeat(90)])
      expect(d.customerHash(id)).toEqual(customerHash(customerSalt('k', SNAPSHOT, id), id));
  });
});
