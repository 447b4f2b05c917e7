import { randomUUID } from 'node:crypto';
import { AdminHarness } from './support/admin-harness';

/** Issue 16: an operator revives a DEAD webhook event without SQL, and the audit trail says who. */
describe('admin surface: DEAD events redelivered', () => {
  const world = AdminHarness.suite();

  it('POST /admin/v1/events/:id/redeliver revives a DEAD event of any bank (an operator, not a viewer), audited; the CLI command is the same use case', async () => {
    const bank = await world.core.createBank();
    const dead = () =>
      world.core.prisma.outboxEvent.create({
        data: { bankId: bank.id, type: 'trade.completed', payload: '{}', status: 'DEAD', attempts: 1000, lastError: 'HTTP 500' },
      });
    const first = await dead();

    const byViewer = await world.admin.post(`/admin/v1/events/${first.id}/redeliver`, {}, world.admin.viewerKey);
    expect(byViewer.status).toBe(403);
    expect((await world.core.prisma.outboxEvent.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('DEAD');

    const res = await world.admin.post(`/admin/v1/events/${first.id}/redeliver`, {}, world.admin.operatorKey);
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ eventId: first.id, deliveryStatus: 'PENDING', attempts: 0 });
    expect(await world.core.prisma.outboxEvent.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: 'PENDING', attempts: 0 });
    const audit = await world.admin.deps.audit.list({ targetType: 'event', targetId: first.id });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'event.redeliver',
        actor: expect.stringMatching(/^operator:/),
        before: { status: 'DEAD', attempts: 1000 },
        after: { status: 'PENDING', attempts: 0 },
      }),
    ]);

    const second = await dead();
    await world.admin.deps.redelivery.redeliver({ id: 'cli:test' }, second.id);
    expect((await world.core.prisma.outboxEvent.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('PENDING');

    for (const id of ['not-a-uuid', randomUUID()]) {
      const missing = await world.admin.post(`/admin/v1/events/${id}/redeliver`, {}, world.admin.operatorKey);
      expect(missing.status).toBe(404);
      expect(missing.body.errorCode).toBe('EVENT_NOT_FOUND');
    }
  });

  it('GET /admin/v1/trades/review lists the trades marked for review (a viewer may read it), as trades:review does', async () => {
    const bank = await world.core.createBank();
    const { id } = await world.core.pendingBuy(bank);
    // Marked as TradeReview marks it (its rules: apps/core-engine/test/stuck-trades.e2e-spec.ts).
    await world.core.prisma.transaction.update({
      where: { id },
      data: { reviewReason: 'the exchange filled 1 of 23.45 USDT', reviewSince: new Date() },
    });

    const res = await world.admin.get('/admin/v1/trades/review', world.admin.viewerKey);
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual(
      expect.objectContaining({
        transactionId: id,
        bankCode: bank.code,
        type: 'BUY',
        amountIn: '40.00',
        reviewReason: 'the exchange filled 1 of 23.45 USDT',
      }),
    );
    expect((await world.admin.deps.tradesUnderReview.list()).map((t) => t.transactionId)).toContain(id);
  });
});
