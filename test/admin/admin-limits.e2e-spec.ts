import { randomUUID } from 'node:crypto';
import { runAdminCommand } from '../../apps/core-engine/src/admin/cli/admin-commands';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import { DEFAULT_OPERATION_LIMITS, operationLimitRows } from '../../apps/core-engine/src/limits/default-limits';
import { TestBank } from '../support/core-harness';
import { expectLedgerInvariants } from '../support/ledger-invariants';
import { AdminHarness } from './support/admin-harness';

/**
 * A bank's KYC limits from the admin API and `npm run admin` (docs/operations.md, KYC limits):
 * new banks get the default table, an operator reads and changes a row, audited in the same
 * transaction, and the bank's next operation is checked against the new row.
 */
describe('admin surface: KYC limits', () => {
  const world = AdminHarness.suite();

  beforeEach(async () => {
    await world.core.exchange.reset({ mid: '1.7000' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  /** The default table as GET /admin/v1/banks/{code}/limits shows it: by level, then BUY, SELL, DEPOSIT, WITHDRAWAL. */
  const DEFAULT_VIEW = operationLimitRows('any').map((r) => ({
    level: r.kycLevel,
    operation: r.operation,
    perOperation: r.perOperation,
    per24Hours: r.per24Hours,
  }));

  /** A bank onboarded through the admin API alone, with a key and the harness's acknowledging endpoint. */
  async function onboardedBank(): Promise<TestBank> {
    const { admin, core } = world;
    const code = `lim-${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/admin/v1/banks', { code, name: 'Limits Bank', callbackUrl: core.bankSide.url });
    expect(created.status).toBe(201);
    // The harness's acknowledging endpoint knows its own secret; the bank is pointed at it as the CLI test does.
    await core.prisma.bank.update({ where: { id: created.body.data.id }, data: { webhookSecret: core.bankSide.secret } });
    const key = await admin.post(`/admin/v1/banks/${code}/keys`, { label: 'limits' });
    return { id: created.body.data.id as string, code, apiKey: key.body.data.key as string };
  }

  const limitAudit = async (bankId: string) =>
    (await world.admin.deps.audit.list({ targetType: 'bank', targetId: bankId })).filter((e) => e.action === 'bank.limit.set');

  it("a new bank has the default table; its level-0 customer's buy over 500 AZN is refused until an operator raises the limit", async () => {
    const { admin, core } = world;
    const bank = await onboardedBank();

    // The default rows, written with the bank and listed in its creation's audit entry; a viewer may read them.
    const shown = await admin.get(`/admin/v1/banks/${bank.code}/limits`, admin.viewerKey);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toHaveLength(16);
    expect(shown.body.data).toEqual(DEFAULT_VIEW);
    expect(shown.body.data[0]).toEqual({ level: 0, operation: 'BUY', perOperation: '500.00', per24Hours: '1000.00' });
    expect(shown.body.data[10]).toEqual({ level: 2, operation: 'DEPOSIT', perOperation: '50000.00', per24Hours: '100000.00' });
    const [creation] = await admin.deps.audit.list({ targetType: 'bank', targetId: bank.id });
    expect(creation).toMatchObject({ action: 'bank.create', after: { code: bank.code, limits: DEFAULT_VIEW } });

    // A customer funded at level 1, then lowered to level 0 by the bank.
    const user = `lvl0_${randomUUID().slice(0, 8)}`;
    expect((await core.deposit(bank, user, '800.00')).status).toBe(201);
    const kyc = await core.http().put(`/api/v1/users/${user}/kyc`).set('x-api-key', bank.apiKey).send({ level: 0 });
    expect(kyc.status).toBe(200);
    expect(kyc.body.data.limits).toContainEqual({ operation: 'BUY', perOperation: '500.00', per24Hours: '1000.00' });

    const refused = await core.buy(bank, { bankUserId: user, amount: '600.00', currency: 'AZN' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ errorCode: 'LIMIT_EXCEEDED', details: ['limit: BUY per operation, 500.00 AZN', 'remaining: 500.00 AZN'] });

    // A viewer may not change it.
    const raise = { perOperation: '1000.00', per24Hours: '2000.00' };
    const byViewer = await admin.put(`/admin/v1/banks/${bank.code}/limits/0/BUY`, raise, admin.viewerKey);
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.errorCode).toBe('OPERATOR_ROLE_REQUIRED');
    expect(await limitAudit(bank.id)).toEqual([]);

    const set = await admin.put(`/admin/v1/banks/${bank.code}/limits/0/BUY`, raise);
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ level: 0, operation: 'BUY', perOperation: '1000.00', per24Hours: '2000.00' });
    const row = await core.prisma.operationLimit.findUniqueOrThrow({
      where: { bankId_kycLevel_operation: { bankId: bank.id, kycLevel: 0, operation: 'BUY' } },
    });
    expect([row.perOperation?.toFixed(8), row.per24Hours?.toFixed(8)]).toEqual(['1000.00000000', '2000.00000000']);
    expect(await limitAudit(bank.id)).toEqual([
      expect.objectContaining({
        actor: `operator:${admin.operatorName}`,
        targetType: 'bank',
        targetId: bank.id,
        before: { level: 0, operation: 'BUY', perOperation: '500.00', per24Hours: '1000.00' },
        after: { level: 0, operation: 'BUY', perOperation: '1000.00', per24Hours: '2000.00' },
      }),
    ]);
    // Only that row changed.
    const after = (await admin.get(`/admin/v1/banks/${bank.code}/limits`)).body.data;
    expect(after).toEqual(DEFAULT_VIEW.map((l) => (l.level === 0 && l.operation === 'BUY' ? set.body.data : l)));

    // The same buy now passes: the next phase 1 reads the new row (no cache).
    const passed = await core.buy(bank, { bankUserId: user, amount: '600.00', currency: 'AZN' });
    expect(passed.status).toBe(201);
    expect(passed.body.data.status).toBe('COMPLETED');
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '200.00000000', locked: '0.00000000' });
  });

  it('refuses bad levels, operations and amounts with 400 VALIDATION_ERROR, and an unknown bank with BANK_NOT_FOUND; nothing changes', async () => {
    const { admin } = world;
    const bank = await onboardedBank();
    const ok = { perOperation: '100.00', per24Hours: '200.00' };
    const bad: [string, object, string][] = [
      ['0/BUY', { ...ok, perOperation: '1e3' }, 'perOperation'],
      ['0/BUY', { ...ok, perOperation: '-1' }, 'perOperation'],
      ['0/BUY', { ...ok, perOperation: '1.001' }, 'perOperation'],
      ['0/BUY', { ...ok, perOperation: '00.00' }, 'perOperation'],
      ['0/BUY', { ...ok, per24Hours: ' 200' }, 'per24Hours'],
      ['0/BUY', { ...ok, per24Hours: '1000000000000.00' }, 'per24Hours'],
      ['0/BUY', { ...ok, perOperation: 100 }, 'perOperation'],
      ['0/BUY', { perOperation: '100.00' }, 'per24Hours'],
      ['0/BUY', { ...ok, kycLevel: 0 }, 'kycLevel'],
      ['0/BUY', { perOperation: '300.00', per24Hours: '200.00' }, 'perOperation (300.00) must not be more than per24Hours (200.00)'],
      ['4/BUY', ok, 'level'],
      ['-1/BUY', ok, 'level'],
      ['1.5/BUY', ok, 'level'],
      ['one/BUY', ok, 'level'],
      ['0/FOO', ok, 'operation'],
      ['0/buy', ok, 'operation'],
    ];
    for (const [path, body, field] of bad) {
      const res = await admin.put(`/admin/v1/banks/${bank.code}/limits/${path}`, body);
      expect({ path, body, status: res.status, errorCode: res.body.errorCode }).toEqual({ path, body, status: 400, errorCode: 'VALIDATION_ERROR' });
      expect(res.body.message).toContain(field);
    }
    for (const res of [await admin.get('/admin/v1/banks/no-such-bank/limits'), await admin.put('/admin/v1/banks/no-such-bank/limits/0/BUY', ok)]) {
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('BANK_NOT_FOUND');
    }
    expect((await admin.get(`/admin/v1/banks/${bank.code}/limits`)).body.data).toEqual(DEFAULT_VIEW);
    expect(await limitAudit(bank.id)).toEqual([]);
  });

  it('a zero limit blocks the operation at that level: LIMIT_EXCEEDED with nothing remaining, other levels unchanged', async () => {
    const { admin, core } = world;
    const bank = await onboardedBank();
    const user = `block-${randomUUID().slice(0, 8)}`;
    expect((await core.deposit(bank, user, '100.00')).status).toBe(201);
    const set = await admin.put(`/admin/v1/banks/${bank.code}/limits/1/WITHDRAWAL`, { perOperation: '0.00', per24Hours: '0' });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ level: 1, operation: 'WITHDRAWAL', perOperation: '0.00', per24Hours: '0.00' });
    const withdrawal = await core
      .http()
      .post('/api/v1/funding/withdraw')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .send({ bankUserId: user, amount: '0.01', currency: 'AZN' });
    expect(withdrawal.status).toBe(422);
    expect(withdrawal.body).toMatchObject({
      errorCode: 'LIMIT_EXCEEDED',
      details: ['limit: WITHDRAWAL per operation, 0.00 AZN', 'remaining: 0.00 AZN'],
    });
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    // A buy at the same level still has its default limit.
    expect((await core.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' })).status).toBe(201);
  });

  it('a row with both amounts null is "no limit": buys and withdrawals at that level pass, whatever their size', async () => {
    const { admin, core } = world;
    const bank = await onboardedBank();
    const user = `open-${randomUUID().slice(0, 8)}`;
    // Level 1's defaults are 5000.00 per operation: the buy and the withdrawal below are over it (deposits keep theirs).
    expect((await core.deposit(bank, user, '4500.00')).status).toBe(201);
    expect((await core.deposit(bank, user, '4500.00')).status).toBe(201);
    for (const operation of ['BUY', 'WITHDRAWAL']) {
      const set = await admin.put(`/admin/v1/banks/${bank.code}/limits/1/${operation}`, { perOperation: null, per24Hours: null });
      expect(set.status).toBe(200);
      expect(set.body.data).toEqual({ level: 1, operation, perOperation: null, per24Hours: null });
    }
    const bought = await core.buy(bank, { bankUserId: user, amount: '6000.00', currency: 'AZN' });
    expect(bought.status).toBe(201);
    expect(bought.body.data.status).toBe('COMPLETED');
    const withdrawal = await core
      .http()
      .post('/api/v1/funding/withdraw')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .send({ bankUserId: user, amount: '3000.00', currency: 'AZN' });
    expect(withdrawal.status).toBe(201);
    expect(withdrawal.body.data.status).toBe('COMPLETED');
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '0.00000000', locked: '0.00000000' });
  });

  it('an audit entry that cannot be written rolls the change back', async () => {
    const { admin } = world;
    const bank = await onboardedBank();
    jest.spyOn(admin.app.get(AuditTrail), 'record').mockRejectedValue(new Error('audit table unavailable'));
    const res = await admin.put(`/admin/v1/banks/${bank.code}/limits/1/SELL`, { perOperation: null, per24Hours: null });
    expect(res.status).toBe(500);
    expect((await admin.get(`/admin/v1/banks/${bank.code}/limits`)).body.data).toEqual(DEFAULT_VIEW);
  });

  describe('npm run admin: limits:show and limits:set', () => {
    const actor = { id: 'cli:tester' };
    const cli = (...argv: string[]) => runAdminCommand(world.admin.deps, actor, argv);

    it('a bank made with bank:create has the defaults; limits:set changes one row ("none" removes a kind of limit), audited', async () => {
      const code = `cli-lim-${randomUUID().slice(0, 8)}`;
      const bank = (await cli('bank:create', '--code', code, '--name', 'Cli Limits Bank')) as { id: string };
      expect(await cli('limits:show', code)).toEqual(DEFAULT_VIEW);

      const set = await cli('limits:set', code, '--level', '2', '--operation', 'WITHDRAWAL', '--per-operation', '30000.5', '--per-24-hours', 'none');
      expect(set).toEqual({ level: 2, operation: 'WITHDRAWAL', perOperation: '30000.50', per24Hours: null });
      const shown = (await cli('limits:show', code)) as { level: number; operation: string }[];
      expect(shown.find((l) => l.level === 2 && l.operation === 'WITHDRAWAL')).toEqual(set);
      expect(await limitAudit(bank.id)).toEqual([
        expect.objectContaining({
          actor: 'cli:tester',
          before: { level: 2, operation: 'WITHDRAWAL', perOperation: DEFAULT_OPERATION_LIMITS[2].WITHDRAWAL.perOperation, per24Hours: '100000.00' },
          after: set,
        }),
      ]);
    });

    it('creates the row of a bank that had none (before: null)', async () => {
      const bank = await world.core.createBank();
      expect(await cli('limits:show', bank.code)).toEqual([]);
      const set = await cli('limits:set', bank.code, '--level', '0', '--operation', 'DEPOSIT', '--per-operation', 'none', '--per-24-hours', '750.00');
      expect(set).toEqual({ level: 0, operation: 'DEPOSIT', perOperation: null, per24Hours: '750.00' });
      expect(await cli('limits:show', bank.code)).toEqual([set]);
      expect(await limitAudit(bank.id)).toEqual([expect.objectContaining({ before: null, after: set })]);
    });

    it("refuses bad command lines with the API's codes", async () => {
      const bank = await world.core.createBank();
      const args = (over: Record<string, string | undefined> = {}) => {
        const flags = { level: '1', operation: 'BUY', 'per-operation': '100.00', 'per-24-hours': '200.00', ...over };
        return Object.entries(flags).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]));
      };
      for (const over of [
        { level: '4' },
        { level: '' },
        { level: undefined },
        { operation: 'FOO' },
        { 'per-operation': '1e3' },
        { 'per-operation': '1.001' },
        { 'per-24-hours': undefined },
        { 'per-operation': '300.00' },
      ]) {
        await expect(cli('limits:set', bank.code, ...args(over))).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
      }
      await expect(cli('limits:set', bank.code, ...args(), '--kyc-level', '1')).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });
      await expect(cli('limits:set', 'no-such-bank', ...args())).rejects.toMatchObject({ errorCode: 'BANK_NOT_FOUND' });
      await expect(cli('limits:show', 'no-such-bank')).rejects.toMatchObject({ errorCode: 'BANK_NOT_FOUND' });
      expect(await cli('limits:show', bank.code)).toEqual([]);
    });
  });
});
