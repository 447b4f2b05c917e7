import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { runAdminCommand } from '../../apps/core-engine/src/admin/cli/admin-commands';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import { FundingFlow } from '../../apps/core-engine/src/funding/funding-flow.service';
import { FundingReview } from '../../apps/core-engine/src/funding/review/funding-review.service';
import { TestBank } from '../support/core-harness';
import { scrape } from '../support/prometheus-text';
import { expectLedgerInvariants } from '../support/ledger-invariants';
import { AdminHarness } from './support/admin-harness';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/**
 * Issue 22, 2.3: an operator resolves a deposit or withdrawal marked for review from the admin
 * API or `npm run admin`, with the bank's word on the money: FundingFlow's own completion or
 * failure, its TradeResolution row and the AdminAudit entry in one database transaction.
 */
describe('admin surface: deposits and withdrawals under review resolved', () => {
  const world = AdminHarness.suite();
  let bank: TestBank;

  beforeEach(async () => {
    await world.core.exchange.reset({ mid: '1.7000' });
    world.core.bankSide.mode = 'acknowledge';
    bank = await world.core.createBank();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    world.core.bankSide.mode = 'acknowledge';
    await expectLedgerInvariants();
  });

  const audit = (id: string) => world.admin.deps.audit.list({ targetType: 'funding', targetId: id });

  /** A withdrawal of 20.00 (of 50.00) whose acknowledgement timed out, marked for review as the reconciler marks one. */
  async function withdrawalUnderReview(reason = 'not settled after 10 reconciliation passes: HTTP 500') {
    const { core } = world;
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await core.deposit(bank, user, '50.00')).status).toBe(201);
    core.bankSide.mode = 'hang';
    const key = randomUUID();
    const send = () =>
      core
        .http()
        .post('/api/v1/funding/withdraw')
        .set('x-api-key', bank.apiKey)
        .set('x-idempotency-key', key)
        .send({ bankUserId: user, amount: '20.00', currency: 'AZN' });
    const res = await send();
    expect(res.status).toBe(502);
    core.bankSide.mode = 'acknowledge';
    const id = res.body.transactionId as string;
    await core.app.get(FundingReview).mark(id, reason, 'attempts_exhausted');
    return { user, id, send };
  }

  it('GET /admin/v1/funding/review lists it; POST /admin/v1/funding/:id/post books it (an operator, not a viewer), audited', async () => {
    const { admin, core } = world;
    const { user, id, send } = await withdrawalUnderReview();

    const listed = await admin.get('/admin/v1/funding/review', admin.viewerKey);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toContainEqual(
      expect.objectContaining({ transactionId: id, bankCode: bank.code, type: 'WITHDRAWAL', bankUserId: user, amount: '20.00', currency: 'AZN' }),
    );
    const byViewer = await admin.post(`/admin/v1/funding/${id}/post`, { note: 'paid' }, admin.viewerKey);
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.errorCode).toBe('OPERATOR_ROLE_REQUIRED');
    const noNote = await admin.post(`/admin/v1/funding/${id}/post`, {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.errorCode).toBe('VALIDATION_ERROR');
    const blank = await admin.post(`/admin/v1/funding/${id}/post`, { note: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errorCode).toBe('INVALID_RESOLUTION');
    expect(await audit(id)).toEqual([]);

    const res = await admin.post(`/admin/v1/funding/${id}/post`, { note: 'the bank confirmed it paid the customer' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      transactionId: id,
      action: 'POSTED',
      status: 'COMPLETED',
      answer: {
        httpStatus: 201,
        body: { success: true, data: { transactionId: id, status: 'COMPLETED', amount: '20.00', currency: 'AZN', balance: '30.00' } },
      },
    });
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '30.00000000', locked: '0.00000000' });
    expect(await core.prisma.ledger.count({ where: { transactionId: id } })).toBe(2);
    const actor = `operator:${admin.operatorName}`;
    expect(await core.prisma.tradeResolution.findUniqueOrThrow({ where: { transactionId: id } })).toMatchObject({
      action: 'POSTED',
      operator: actor,
    });
    expect(await audit(id)).toEqual([
      expect.objectContaining({
        actor,
        action: 'funding.post',
        before: { status: 'PENDING', reviewReason: 'not settled after 10 reconciliation passes: HTTP 500' },
        after: { status: 'COMPLETED', note: 'the bank confirmed it paid the customer' },
      }),
    ]);
    // The bank's replay of its key gets the answer the operator saw.
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(res.body.data.answer.body);

    // Once: a second resolution is refused, nothing more written.
    const again = await admin.post(`/admin/v1/funding/${id}/void`, { note: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: 'FUNDING_NOT_UNDER_REVIEW', retryable: false });
    expect(await audit(id)).toHaveLength(1);
  });

  it('funding:void from the command line voids it: FAILED with FUNDING_VOIDED, the hold released, audited', async () => {
    const { admin, core } = world;
    const { user, id } = await withdrawalUnderReview();
    const listed = (await runAdminCommand(admin.deps, { id: 'cli:tester' }, ['funding:review', '--limit', '500'])) as { transactionId: string }[];
    expect(listed.map((m) => m.transactionId)).toContain(id);
    await expect(runAdminCommand(admin.deps, { id: 'cli:tester' }, ['funding:void', id])).rejects.toMatchObject({ errorCode: 'VALIDATION_ERROR' });

    const view = await runAdminCommand(admin.deps, { id: 'cli:tester' }, ['funding:void', id, '--note', 'the bank never paid it']);
    expect(view).toMatchObject({
      action: 'VOIDED',
      status: 'FAILED',
      answer: { httpStatus: 422, body: { errorCode: 'FUNDING_VOIDED', retryable: false, transactionId: id } },
    });
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
    expect(await core.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect(await audit(id)).toEqual([
      expect.objectContaining({ actor: 'cli:tester', action: 'funding.void', after: { status: 'FAILED', note: 'the bank never paid it' } }),
    ]);
  });

  it('refuses what is not a deposit or withdrawal under review: a trade under review, an unknown or malformed id, one not marked', async () => {
    const { admin, core } = world;
    const trade = await core.pendingBuy(bank);
    await core.prisma.transaction.update({ where: { id: trade.id }, data: { reviewReason: 'a fill of another size', reviewSince: new Date() } });
    const user = `user_${randomUUID().slice(0, 8)}`;
    core.bankSide.mode = 'hang';
    const unmarked = await core.deposit(bank, user, '5.00');
    core.bankSide.mode = 'acknowledge';
    expect(unmarked.status).toBe(502);
    for (const target of [trade.id, randomUUID(), 'not-a-uuid', unmarked.body.transactionId as string]) {
      const res = await admin.post(`/admin/v1/funding/${target}/post`, { note: 'n' });
      expect(res.status).toBe(409);
      expect(res.body.errorCode).toBe('FUNDING_NOT_UNDER_REVIEW');
    }
    expect((await core.prisma.transaction.findUniqueOrThrow({ where: { id: trade.id } })).status).toBe('PENDING');
    expect(await core.prisma.tradeResolution.count({ where: { transactionId: trade.id } })).toBe(0);
    expect(await audit(trade.id)).toEqual([]);
  });

  it('each list and each gauge holds its own kind: a withdrawal under review is no trade under review, and the reverse', async () => {
    const { admin, core } = world;
    const { id: withdrawal } = await withdrawalUnderReview();
    const trade = await core.pendingBuy(bank);
    await core.prisma.transaction.update({ where: { id: trade.id }, data: { reviewReason: 'a fill of another size', reviewSince: new Date() } });

    const ids = async (path: string) =>
      ((await admin.get(path, admin.viewerKey)).body.data as { transactionId: string }[]).map((r) => r.transactionId);
    const trades = await ids('/admin/v1/trades/review');
    const funding = await ids('/admin/v1/funding/review');
    expect([trades.includes(trade.id), trades.includes(withdrawal)]).toEqual([true, false]);
    expect([funding.includes(withdrawal), funding.includes(trade.id)]).toEqual([true, false]);

    // The gauges are refreshed every METRICS_REFRESH_MS (100 ms in the harness): each equals the
    // database's count of its own types once a refresh has run after the marks.
    const marked = (types: ('BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL')[]) =>
      core.prisma.transaction.count({ where: { status: 'PENDING', reviewReason: { not: null }, type: { in: types } } });
    const expected = { trades: await marked(['BUY', 'SELL']), funding: await marked(['DEPOSIT', 'WITHDRAWAL']) };
    expect(expected.trades).toBeGreaterThan(0);
    expect(expected.funding).toBeGreaterThan(0);
    let seen = { trades: -1, funding: -1 };
    for (let i = 0; i < 100 && (seen.trades !== expected.trades || seen.funding !== expected.funding); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const s = await scrape(core.app);
      seen = { trades: s.sample('trades_under_review'), funding: s.sample('funding_under_review') };
    }
    expect(seen).toEqual(expected);
  });

  it('a mark cleared after the check and before the commit: refused under the row lock, nothing written', async () => {
    const { admin, core } = world;
    const { user, id } = await withdrawalUnderReview();
    const flow = core.app.get(FundingFlow);
    const failResolved = flow.failResolved.bind(flow);
    jest.spyOn(flow, 'failResolved').mockImplementation(async (...args) => {
      await core.prisma.transaction.update({ where: { id }, data: { reviewReason: null, reviewSince: null } });
      return failResolved(...args);
    });
    const res = await admin.post(`/admin/v1/funding/${id}/void`, { note: 'n' });
    expect(res.status).toBe(409);
    expect(res.body.errorCode).toBe('FUNDING_NOT_UNDER_REVIEW');
    expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } })).toMatchObject({
      status: 'PENDING',
      resolution: null,
    });
    expect((await core.accounts(bank, user)).AZN.locked).toBe('20.00000000');
    expect(await audit(id)).toEqual([]);
  });

  it('an audit entry that cannot be written rolls the resolution back: the movement stays PENDING, marked, its hold kept', async () => {
    const { admin, core } = world;
    const { user, id } = await withdrawalUnderReview();
    jest.spyOn(admin.app.get(AuditTrail), 'record').mockRejectedValue(new Error('audit table unavailable'));
    const res = await admin.post(`/admin/v1/funding/${id}/post`, { note: 'n' });
    expect(res.status).toBe(500);
    expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } })).toMatchObject({
      status: 'PENDING',
      reviewReason: expect.any(String),
      resolution: null,
    });
    expect(await core.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });
  });

  it('npm run admin -- funding:post as a process: a refusal prints its errorCode on stderr and exits 1', async () => {
    const { core } = world;
    const user = `user_${randomUUID().slice(0, 8)}`;
    const done = await core.deposit(bank, user, '5.00');
    expect(done.status).toBe(201);
    const args = ['funding:post', done.body.data.transactionId as string, '--note', 'n'];
    const refused = await run(
      process.execPath,
      ['-r', resolve(ROOT, 'scripts/cli/register-ts.js'), resolve(ROOT, 'apps/core-engine/src/admin/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL } },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FUNDING_NOT_UNDER_REVIEW');
    expect(refused.stderr).toContain('it is COMPLETED');
  }, 60_000);
});
