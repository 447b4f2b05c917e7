import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Decimal from 'decimal.js';
import { TestBank } from '../support/core-harness';
import { AdminHarness } from '../admin/support/admin-harness';
import { verifyLiabilityProof } from '../../apps/core-engine/src/proofs/tree';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const independent = require('./independent-verifier.js') as { check: (proof: unknown) => string | null };

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave', 'erin'];

describe('liabilities snapshots and proofs (docs/proofs.md)', () => {
  const world = AdminHarness.suite();
  let bank: TestBank;
  let other: TestBank;

  /** The ledger's rows on the bank's customer accounts, summed per currency. */
  async function ledgerLiabilities(bankId: string) {
    const rows = await world.core.prisma.ledger.findMany({
      where: { account: { kind: 'USER', user: { bankId } } },
      select: { currency: true, amount: true },
    });
    const sum = (c: string) =>
      rows
        .filter((r) => r.currency === c)
        .reduce((s, r) => s.plus(r.amount.toString()), new Decimal(0))
        .toFixed(8);
    return { AZN: sum('AZN'), USDT: sum('USDT') };
  }

  beforeAll(async () => {
    bank = await world.core.createBank();
    other = await world.core.createBank();
    for (const [i, c] of CUSTOMERS.entries()) expect((await world.core.deposit(bank, c, `${10 * (i + 1)}.25`)).status).toBe(201);
    expect((await world.core.buy(bank, { bankUserId: 'alice', amount: '5.00', currency: 'AZN' })).status).toBe(201);
    expect((await world.core.deposit(other, 'alice', '99.00')).status).toBe(201);
  });

  it('answers PROOF_NOT_AVAILABLE before the first snapshot', async () => {
    const roots = await world.core.http().get('/api/v1/proofs/liabilities').set('x-api-key', bank.apiKey);
    expect([roots.status, roots.body.errorCode]).toEqual([404, 'PROOF_NOT_AVAILABLE']);
  });

  it("an operator's snapshot: audited, its totals the ledger's, every customer's proof verifies (also with the independent verifier)", async () => {
    const taken = await world.admin.post(`/admin/v1/banks/${bank.code}/liability-snapshots`);
    expect(taken.status).toBe(201);
    const snapshot = taken.body.data;
    expect(snapshot.leafCount).toBe(5);
    expect(snapshot.totals).toEqual(await ledgerLiabilities(bank.id));
    expect(snapshot.totals.AZN).toBe('146.25000000'); // 10.25 + 20.25 + 30.25 + 40.25 + 50.25 - 5.00
    const audit = await world.core.prisma.adminAudit.findFirst({ where: { action: 'liability_snapshot.take', targetId: bank.code } });
    expect(audit?.actor).toBe(`operator:${world.admin.operatorName}`);

    const roots = await world.core.http().get('/api/v1/proofs/liabilities').set('x-api-key', bank.apiKey);
    expect(roots.status).toBe(200);
    expect(roots.body.data.roots[0]).toMatchObject({ snapshotId: snapshot.snapshotId, rootHash: snapshot.rootHash, totals: snapshot.totals });

    for (const c of CUSTOMERS) {
      const res = await world.core.http().get(`/api/v1/users/${c}/liability-proof`).set('x-api-key', bank.apiKey);
      expect(res.status).toBe(200);
      const doc = res.body.data;
      expect(doc.root.hash).toBe(snapshot.rootHash);
      expect(verifyLiabilityProof(doc)).toEqual({ valid: true, problems: [] });
      expect(independent.check(doc)).toBeNull();
    }
    const bob = (await world.core.http().get('/api/v1/users/bob/liability-proof').set('x-api-key', bank.apiKey)).body.data;
    expect(bob.leaf.balances).toEqual({ AZN: '20.25000000', USDT: '0.00000000' });

    // Another bank's key sees its own tree only: its alice is another leaf, with another salt.
    await world.admin.post(`/admin/v1/banks/${other.code}/liability-snapshots`);
    const theirs = (await world.core.http().get('/api/v1/users/alice/liability-proof').set('x-api-key', other.apiKey)).body.data;
    const ours = (await world.core.http().get('/api/v1/users/alice/liability-proof').set('x-api-key', bank.apiKey)).body.data;
    expect(theirs.leaf.balances.AZN).toBe('99.00000000');
    expect(theirs.leaf.salt).not.toBe(ours.leaf.salt);
    expect(theirs.root.hash).not.toBe(ours.root.hash);
  });

  it('npm run proof:verify checks a saved answer without the database: valid, then a changed balance INVALID', () => {
    return (async () => {
      const res = await world.core.http().get('/api/v1/users/carol/liability-proof').set('x-api-key', bank.apiKey);
      const dir = mkdtempSync(join(tmpdir(), 'proof-'));
      const file = join(dir, 'proof.json');
      writeFileSync(file, JSON.stringify(res.body));
      const run = () =>
        spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/proofs/verify-proof.ts', file], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' },
        });
      const good = run();
      expect([good.status, good.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^valid: carol at position \d of 5/)]);
      res.body.data.leaf.balances.AZN = '1000.25000000';
      writeFileSync(file, JSON.stringify(res.body));
      const bad = run();
      expect([bad.status, bad.stdout]).toEqual([
        1,
        "INVALID:\n  - the path does not lead to root.hash\n  - the path's AZN sum is not root.sums.AZN\n",
      ]);
    })();
  });

  it('a customer the latest snapshot does not hold: 404 PROOF_NOT_AVAILABLE', async () => {
    expect((await world.core.deposit(bank, 'frank', '1.00')).status).toBe(201);
    const res = await world.core.http().get('/api/v1/users/frank/liability-proof').set('x-api-key', bank.apiKey);
    expect([res.status, res.body.errorCode]).toEqual([404, 'PROOF_NOT_AVAILABLE']);
  });

  it("refuses to store a tree whose totals are not the ledger's (a balance changed without its ledger row)", async () => {
    const before = await world.core.prisma.liabilitySnapshot.count({ where: { bankId: bank.id } });
    const account = await world.core.prisma.account.findFirstOrThrow({
      where: { currency: 'AZN', user: { bankId: bank.id, bankCustomerId: 'erin' } },
    });
    await world.core.prisma.account.update({ where: { id: account.id }, data: { balance: { increment: '0.01' } } });
    try {
      const res = await world.admin.post(`/admin/v1/banks/${bank.code}/liability-snapshots`);
      expect([res.status, res.body.errorCode]).toEqual([500, 'LIABILITIES_MISMATCH']);
      expect(res.body.message).toBe('The liabilities tree does not match the ledger: AZN: tree 147.26000000, ledger 147.25000000.'); // frank's 1.00 included
      expect(await world.core.prisma.liabilitySnapshot.count({ where: { bankId: bank.id } })).toBe(before);
    } finally {
      await world.core.prisma.account.update({ where: { id: account.id }, data: { balance: { decrement: '0.01' } } });
    }
  });
});
