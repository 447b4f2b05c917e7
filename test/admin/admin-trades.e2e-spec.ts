import { randomUUID } from 'node:crypto';
import { OrderResponse } from '@app/shared-types';
import { ExchangeClient } from '../../apps/core-engine/src/exchange';
import { Decimal } from '../../apps/core-engine/src/money';
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

  /** The trade's order at the exchange (client order id = the trade's id), filled for `quantity`. */
  async function placeAtExchange(clientOrderId: string, quantity: string): Promise<OrderResponse> {
    const res = await fetch(`${world.core.exchange.url}/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AZNUSDT', side: 'BUY', quantity, type: 'MARKET', clientOrderId }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as OrderResponse;
  }

  /**
   * Opened a minute ago: its order's validity window has long closed, so the exchange's "no
   * such order" proves it never executed (as the reconciler reads it).
   */
  async function aged(id: string) {
    await world.core.prisma.transaction.update({ where: { id }, data: { createdAt: new Date(Date.now() - 60_000) } });
  }

  it('POST /admin/v1/trades/:id/post settles it with the exchange numbers (an operator, not a viewer), audited beside its resolution', async () => {
    const { admin, core } = world;
    const { user, key, body, id } = await underReview();
    const fill = await placeAtExchange(id, '20.00');
    const numbers = { exchangeOrderId: fill.orderId, executedPrice: '1.7000', executedQty: '20.00', note: 'filled short, booked to the house' };

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
    expect(trade).toMatchObject({ status: 'COMPLETED', exchangeOrderId: fill.orderId });
    expect(trade.executedPrice?.toFixed(8)).toBe('1.70000000');
    const actor = `operator:${admin.operatorName}`;
    expect(trade.resolution).toMatchObject({ action: 'POSTED', operator: actor, note: numbers.note, exchangeOrderId: fill.orderId });
    expect(trade.resolution?.executedQty?.toFixed(8)).toBe('20.00000000');
    expect(await audit(id)).toEqual([
      expect.objectContaining({
        actor,
        action: 'trade.post',
        before: { status: 'PENDING', reviewReason: 'the exchange filled 20.00 of 23.52 USDT' },
        after: { status: 'COMPLETED', exchangeOrderId: fill.orderId, executedPrice: '1.7000', executedQty: '20.00', note: numbers.note },
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
    await aged(id);
    const view = await admin.deps.trades.void({ id: 'cli:tester' }, id, { note: 'no fill at the exchange' });
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
    const fill = await placeAtExchange(id, '23.52');
    const flow = core.app.get(TradeFlow);
    const postResolved = flow.postResolved.bind(flow);
    jest.spyOn(flow, 'postResolved').mockImplementation(async (...args) => {
      await core.prisma.transaction.update({ where: { id }, data: { reviewReason: null, reviewSince: null } });
      return postResolved(...args);
    });
    const res = await admin.post(`/admin/v1/trades/${id}/post`, {
      exchangeOrderId: fill.orderId,
      executedPrice: '1.7',
      executedQty: '23.52',
      note: 'n',
    });
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
    await aged(id);
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
  describe("issue 22, 2.10: a post names the exchange's own order, looked up by the trade's client order id", () => {
    it('refuses another order id, quantity or price than the exchange reports, and a trade with no executed order: 409 ORDER_MISMATCH, nothing written', async () => {
      const { admin, core } = world;
      const { user, id } = await underReview();
      const fill = await placeAtExchange(id, '20.00');
      const other = await underReview();
      const otherFill = await placeAtExchange(other.id, '20.00');
      const good = { exchangeOrderId: fill.orderId, executedPrice: '1.7000', executedQty: '20.00', note: 'n' };
      for (const [bad, says] of [
        [{ exchangeOrderId: otherFill.orderId }, `order id ${fill.orderId}`],
        [{ exchangeOrderId: 'ex-typed-by-hand' }, `order id ${fill.orderId}`],
        [{ executedQty: '23.52' }, 'executed quantity 20'],
        [{ executedPrice: '1.7100' }, 'price 1.7'],
      ] as const) {
        const res = await admin.post(`/admin/v1/trades/${id}/post`, { ...good, ...bad });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ errorCode: 'ORDER_MISMATCH', retryable: false, message: expect.stringContaining(says) });
      }
      const none = await underReview();
      const res = await admin.post(`/admin/v1/trades/${none.id}/post`, { ...good, exchangeOrderId: fill.orderId });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ errorCode: 'ORDER_MISMATCH', message: expect.stringContaining('no executed order') });

      for (const t of [id, none.id]) {
        expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id: t }, include: { resolution: true } })).toMatchObject({
          status: 'PENDING',
          exchangeOrderId: null,
          resolution: null,
        });
        expect(await audit(t)).toEqual([]);
      }
      expect((await core.accounts(bank, user)).AZN.locked).toBe('40.00000000');
      // The exchange's numbers post it.
      expect((await admin.post(`/admin/v1/trades/${id}/post`, good)).status).toBe(200);
    });

    it('one fill cannot back two trades: the unique index on exchangeOrderId refuses the second (409 ORDER_MISMATCH), nothing written', async () => {
      const { admin, core } = world;
      const first = await underReview();
      const fill = await placeAtExchange(first.id, '20.00');
      const numbers = { exchangeOrderId: fill.orderId, executedPrice: '1.7000', executedQty: '20.00', note: 'n' };
      expect((await admin.post(`/admin/v1/trades/${first.id}/post`, numbers)).status).toBe(200);

      // An exchange that answered the second trade's lookup with the first trade's fill (a venue bug, a mixed-up id).
      const second = await underReview();
      jest.spyOn(core.app.get(ExchangeClient), 'findOrder').mockResolvedValue({
        kind: 'filled',
        orderId: fill.orderId,
        executedPrice: new Decimal('1.7000'),
        executedQty: new Decimal('20.00'),
      });
      const res = await admin.post(`/admin/v1/trades/${second.id}/post`, numbers);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ errorCode: 'ORDER_MISMATCH', message: expect.stringContaining('already backs another trade') });
      expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id: second.id }, include: { resolution: true } })).toMatchObject({
        status: 'PENDING',
        exchangeOrderId: null,
        resolution: null,
      });
      expect(await audit(second.id)).toEqual([]);
      // The database refuses it whoever writes it.
      await expect(core.prisma.transaction.update({ where: { id: second.id }, data: { exchangeOrderId: fill.orderId } })).rejects.toThrow(
        /Unique constraint failed/,
      );
    });

    it('the exchange unreachable: 503 ORDER_STATE_UNKNOWN, retryable, nothing written', async () => {
      const { admin, core } = world;
      const { id } = await underReview();
      const fill = await placeAtExchange(id, '20.00');
      await core.exchange.setFaults({ down: true });
      const res = await admin.post(`/admin/v1/trades/${id}/post`, {
        exchangeOrderId: fill.orderId,
        executedPrice: '1.7000',
        executedQty: '20.00',
        note: 'n',
      });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ errorCode: 'ORDER_STATE_UNKNOWN', retryable: true });
      expect((await core.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    });

    it('an order executed in part that cannot be read is a standing answer: 409 ORDER_MISMATCH, not retryable, nothing written', async () => {
      const { admin, core } = world;
      const { id } = await underReview();
      jest.spyOn(core.app.get(ExchangeClient), 'findOrder').mockResolvedValue({
        kind: 'unknown',
        reason: 'EXPIRED with executedQty "0.5" and no readable price',
        answered: true,
        review: 'partial_fill',
      });
      const res = await admin.post(`/admin/v1/trades/${id}/post`, { exchangeOrderId: '1', executedPrice: '1.7000', executedQty: '20.00', note: 'n' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ errorCode: 'ORDER_MISMATCH', retryable: false, message: expect.stringContaining('cannot be read') });
      expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { resolution: true } })).toMatchObject({
        status: 'PENDING',
        resolution: null,
      });
      expect(await audit(id)).toEqual([]);
    });
  });

  describe('issue 22, 2.11: a void asks the exchange first', () => {
    it('refuses to void an order the exchange filled, in full or in part (409 ORDER_EXECUTED), and a force without a reason; nothing written', async () => {
      const { admin, core } = world;
      const full = await underReview();
      await placeAtExchange(full.id, '23.18');
      const partial = await underReview();
      await core.exchange.setFaults({ partialFill: '5.00' });
      expect(await placeAtExchange(partial.id, '23.18')).toMatchObject({ status: 'EXPIRED', executedQty: '5.00' });
      await core.exchange.setFaults({ partialFill: null });
      for (const [t, executed] of [
        [full, 'the exchange executed 23.18 USDT at 1.7'],
        [partial, 'the exchange executed 5 USDT at 1.7'],
      ] as const) {
        await aged(t.id);
        const res = await admin.post(`/admin/v1/trades/${t.id}/void`, { note: 'looks stuck' });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ errorCode: 'ORDER_EXECUTED', retryable: false, message: expect.stringContaining(executed) });
        const unexplained = await admin.post(`/admin/v1/trades/${t.id}/void`, { note: 'looks stuck', force: true });
        expect(unexplained.status).toBe(400);
        expect(unexplained.body).toMatchObject({ errorCode: 'INVALID_RESOLUTION', message: expect.stringContaining('reason') });
        expect(await core.prisma.transaction.findUniqueOrThrow({ where: { id: t.id }, include: { resolution: true } })).toMatchObject({
          status: 'PENDING',
          resolution: null,
        });
        expect((await core.accounts(bank, t.user)).AZN.locked).toBe('40.00000000');
        expect(await audit(t.id)).toEqual([]);
      }
    });

    it('refuses while the exchange cannot say (unreachable, or no such order within its window): 503 ORDER_STATE_UNKNOWN', async () => {
      const { admin, core } = world;
      const { id } = await underReview();
      // Just opened: "no such order" is no proof yet, the order may still be on its way.
      const young = await admin.post(`/admin/v1/trades/${id}/void`, { note: 'n' });
      expect(young.status).toBe(503);
      expect(young.body).toMatchObject({ errorCode: 'ORDER_STATE_UNKNOWN', retryable: true, message: expect.stringContaining('within its window') });
      await aged(id);
      await core.exchange.setFaults({ down: true });
      const down = await admin.post(`/admin/v1/trades/${id}/void`, { note: 'n' });
      expect(down.status).toBe(503);
      expect(down.body.errorCode).toBe('ORDER_STATE_UNKNOWN');
      await core.exchange.setFaults({ down: false });
      expect((await core.prisma.transaction.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
      // Old enough and not at the exchange: it never executed, the void goes through.
      expect((await admin.post(`/admin/v1/trades/${id}/void`, { note: 'never executed' })).status).toBe(200);
    });

    it('force with a reason voids a filled order: FAILED, the hold released, the reason and what the exchange said in the audit entry', async () => {
      const { admin, core } = world;
      const { user, id } = await underReview();
      const fill = await placeAtExchange(id, '23.18');
      const res = await admin.post(`/admin/v1/trades/${id}/void`, {
        note: 'customer trade cancelled',
        force: true,
        reason: 'the desk sold the 23.18 USDT back, ticket 881',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ action: 'VOIDED', status: 'FAILED', answer: { httpStatus: 422, body: { errorCode: 'TRADE_VOIDED' } } });
      expect((await core.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await audit(id)).toEqual([
        expect.objectContaining({
          actor: `operator:${admin.operatorName}`,
          action: 'trade.void',
          after: {
            status: 'FAILED',
            note: 'customer trade cancelled',
            forced: {
              reason: 'the desk sold the 23.18 USDT back, ticket 881',
              exchange: `the exchange executed 23.18 USDT at 1.7 (order ${fill.orderId})`,
            },
          },
        }),
      ]);
    });
  });
});
