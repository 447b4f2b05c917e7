import {
  customerHash,
  customerSalt,
  inclusionPath,
  MerkleSumTreeBuilder,
  nodeRecord,
  proofDocument,
  toUnits,
} from '../../apps/core-engine/src/proofs/tree';

// The verifier written from docs/proofs.md alone: plain JavaScript, no project import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { check } = require('./independent-verifier.js') as { check: (proof: unknown) => string | null };

const SNAPSHOT = '22222222-2222-4222-8222-222222222222';

function documents(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `cust-${i}`);
  const builder = new MerkleSumTreeBuilder(n);
  ids.forEach((id, i) => builder.add(customerHash(customerSalt('s', SNAPSHOT, id), id), [toUnits(`${i * 3}.5`), toUnits(`0.0000000${i % 10}`)]));
  const tree = builder.build();
  return ids.map((id, position) =>
    proofDocument(
      { bankCode: 'demo', snapshotId: SNAPSHOT, takenAt: new Date(0) },
      tree,
      { bankUserId: id, salt: customerSalt('s', SNAPSHOT, id), position, leafRecord: nodeRecord(tree.levels[0], 0, position) },
      inclusionPath(tree, position),
    ),
  );
}

describe('the independent verifier (test/proofs/independent-verifier.js, from docs/proofs.md)', () => {
  it.each([1, 2, 7, 33])('accepts every proof of a tree of %i customers', (n) => {
    for (const doc of documents(n)) expect(check(JSON.parse(JSON.stringify(doc)))).toBeNull();
  });

  it('refuses a changed balance, a changed sibling sum and a moved leaf', () => {
    const [doc] = documents(7).slice(2);
    expect(check({ ...doc, leaf: { ...doc.leaf, balances: { ...doc.leaf.balances, AZN: '7.00000000' } } })).toBe('root hash differs');
    const path = doc.path.map((s) => ({ ...s, sums: { ...s.sums } }));
    path[1].sums.USDT = '0.00000009';
    expect(check({ ...doc, path })).toBe('root hash differs');
    expect(check({ ...doc, leaf: { ...doc.leaf, position: 3 } })).toBe('root hash differs');
    expect(check({ ...doc, leaf: { ...doc.leaf, balances: { ...doc.leaf.balances, AZN: '-6.50000000' } } })).toBe('bad amount "-6.50000000"');
  });
});
