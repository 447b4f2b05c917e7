import { randomUUID } from 'node:crypto';
import { TradeFlow } from '../../apps/core-engine/src/trade/shared/trade-flow.service';
import { TradeReview } from '../../apps/core-engine/src/trade/review/trade-review.service';
import { AuditTrail } from '../../apps/core-engine/src/admin/audit/audit-trail.service';
import { TestBank } from '../support/core-harness';
import { expectLedgerInvariants } from '../support/ledger-invariants';
import { AdminHarness } from './support/admin-harness';

/**
 * Issue 16: an operator resolves a trade marked for review from the admin API or `npm run admin`
 * (its process test: apps/core-engine/test/stuck-trades.e2e-spec.ts): the trade's own posting or
 * failure, its TradeResolution row and the AdminAudit entry in one database transaction.
 */
describe('admin surface: trades under review resolved', () => {
  const world = AdminHarness.suite();
  let bank: TestBank;

  beforeEach(async () => {
    await world.core.exchange.reset({ mid: '1.7000' });
    bank = await world.core.createBank();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  /** A buy of 40 AZN left PENDING, marked for review as the reconciler marks one. */
  async function underReview(reason = 'the exchange filled 20.00 of 23.52 USDT') {
    const trade = await world.core.pendingBuy(bank);
    await world.core.app.get(TradeReview).mark(trade.id, reason, 'quantity_mismatch');
    return trade;
  }

  const audit = (id: string) => world.admin.deps.audit.list({ targetType: 'trade', targetId: id });

  it('POST /admin/v1/trades/:id/post settles it with the exchange numbers (an operator, not a viewer), audited beside its resolution', async () => {
    const { admin, core } = world;
    const { user, key, body, id } = await underReview();
    const numbers = { exchangeOrderId: 'ex-42', executedPrice: '1.7000', executedQty: '20.00', note: 'filled short, booked to the house' };

    const byViewer = await admin.post(`/admin/v1/trades/${id}/post`, numbers, admin.viewerKey);
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.errorCode).toBe('OPERATOR_ROLE_REQUIRED');
    for (const [bad, field] of [
      [{ executedQty: '-1' }, 'executedQty'],
      [{ executedPrice: '1.123456789' }, 'executedPrice'],
      [{ note: '   ' }, 'note'],
    ] as const) {
      const refused = await admin.post(`/admin/v1/trades/${id}/post`, { ...numbers, ...bad });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorCode: 'INVALID_RESOLUTION', retryable: false, message: expect.stringContaining(field) });
    }
    const noNumbers = await admin.post(`/admin/v1/trades/${id}/post`, { note: 'n' });
    expect(noNumbers.status).toBe(400);
    expect(noNumbers.body.errorCode).toBe('VALIDATION_ERROR');
    expect((await core.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    expect(await audit(id)).toEqual([]);

    const res = await admin.post(`/admin/v1/trades/${id}/post`, numbers);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ transactionId: id, action: 'POSTED', status: 'COMPLETED', answer: { httpStatus: 201 } });
    const trade = await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } });
    expect(trade).toMatchObject({ status: 'COMPLETED', exchangeOrderId: 'ex-42' });
    expect(trade.executedPrice?.toFixed(8)).toBe('1.70000000');
    const actor = `operator:${admin.operatorName}`;
    expect(trade.resolution).toMatchObject({ action: 'POSTED', operator: actor, note: numbers.note, exchangeOrderId: 'ex-42' });
    expect(trade.resolution?.executedQty?.toFixed(8)).toBe('20.00000000');
    expect(await audit(id)).toEqual([
      expect.objectContaining({
        actor,
        action: 'trade.post',
        before: { status: 'PENDING', reviewReason: 'the exchange filled 20.00 of 23.52 USDT' },
        after: { status: 'COMPLETED', exchangeOrderId: 'ex-42', executedPrice: '1.7000', executedQty: '20.00', note: numbers.note },
      }),
    ]);
    // The customer has what the trade agreed, and the bank's replay gets the answer the operator saw.
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '60.00000000', locked: '0.00000000' });
    const replay = await core.buy(bank, body, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(res.body.data.answer.body);

    // Once: a second resolution is refused, and nothing more is written.
    const again = await admin.post(`/admin/v1/trades/${id}/void`, { note: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: 'TRADE_NOT_UNDER_REVIEW', retryable: false });
    expect(await audit(id)).toHaveLength(1);
  });

  it('trades:void from the command line voids it: FAILED with TRADE_VOIDED, the hold released, audited', async () => {
    const { admin, core } = world;
    const { user, id } = await underReview('not settled after 10 reconciliation passes: unreadable fill');
    const view = await admin.deps.trades.void({ id: 'cli:tester' }, id, 'no fill at the exchange');
    expect(view).toMatchObject({
      action: 'VOIDED',
      status: 'FAILED',
      answer: { httpStatus: 422, body: { errorCode: 'TRADE_VOIDED', transactionId: id } },
    });
    expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    expect(await core.prisma.tradeResolution.findUniqueOrThrow({ where: { transactionId: id } })).toMatchObject({
      action: 'VOIDED',
      operator: 'cli:tester',
    });
    expect(await audit(id)).toEqual([
      expect.objectContaining({ actor: 'cli:tester', action: 'trade.void', after: { status: 'FAILED', note: 'no fill at the exchange' } }),
    ]);
  });

  it('refuses a trade that is not under review: unknown, malformed id, PENDING but not marked', async () => {
    const { admin } = world;
    const { id } = await world.core.pendingBuy(bank);
    for (const target of [randomUUID(), 'not-a-uuid', id]) {
      const res = await admin.post(`/admin/v1/trades/${target}/void`, { note: 'n' });
      expect(res.status).toBe(409);
      expect(res.body.errorCode).toBe('TRADE_NOT_UNDER_REVIEW');
    }
    expect(await audit(id)).toEqual([]);
  });

  it('a mark cleared after the check and before the commit: refused under the row lock, nothing written', async () => {
    const { admin, core } = world;
    const { id } = await underReview();
    const flow = core.app.get(TradeFlow);
    const postResolved = flow.postResolved.bind(flow);
    jest.spyOn(flow, 'postResolved').mockImplementation(async (...args) => {
      await core.prisma.transaction.update({ where: { id }, data: { reviewReason: null, reviewSince: null } });
      return postResolved(...args);
    });
    const res = await admin.post(`/admin/v1/trades/${id}/post`, { exchangeOrderId: 'ex-1', executedPrice: '1.7', executedQty: '23.52', note: 'n' });
    expect(res.status).toBe(409);
    expect(res.body.errorCode).toBe('TRADE_NOT_UNDER_REVIEW');
    expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } })).toMatchObject({
      status: 'PENDING',
      resolution: null,
    });
    expect(await audit(id)).toEqual([]);
  });

  it('an audit entry that cannot be written rolls the resolution back: the trade stays PENDING and marked', async () => {
    const { admin, core } = world;
    const { user, id } = await underReview();
    jest.spyOn(admin.app.get(AuditTrail), 'record').mockRejectedValue(new Error('audit table unavailable'));
    const res = await admin.post(`/admin/v1/trades/${id}/void`, { note: 'n' });
    expect(res.status).toBe(500);
    expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } })).toMatchObject({
      status: 'PENDING',
      reviewReason: expect.any(String),
      resolution: null,
    });
    expect((await core.accounts(bank, user)).AZN.locked).toBe('40.00000000');
  });
});
