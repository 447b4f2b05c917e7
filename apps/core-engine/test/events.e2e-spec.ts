import { randomUUID } from 'node:crypto';
import { OutboxService } from '../src/outbox';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { ScriptedHttpServer } from '../../../test/support/scripted-http-server';

// Issue 15, section 3: every event type is written with the change it announces, and a bank
// reads its events (GET /api/v1/events) and has them sent again (POST .../redeliver).

describe('events: the catalogue, the list and redelivery', () => {
  let h: CoreHarness;
  let receiver: ScriptedHttpServer;
  /** What the bank's webhook endpoint answers. */
  let webhookStatus = 200;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
    receiver = await ScriptedHttpServer.start((_req, _body, res) => res.writeHead(webhookStatus).end('{}'));
  });

  beforeEach(async () => {
    webhookStatus = 200;
    h.bankSide.mode = 'acknowledge';
    await h.exchange.reset({ mid: '1.6847' });
    bank = await h.createBank({ webhookUrl: `${receiver.url}/core/webhooks` });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await receiver.close();
    await h.stop();
  });

  const newUser = () => `ev_${randomUUID().slice(0, 8)}`;
  const withdraw = (as: TestBank, bankUserId: string, amount: string, key = randomUUID()) =>
    h.http().post('/api/v1/funding/withdraw').set('x-api-key', as.apiKey).set('x-idempotency-key', key).send({ bankUserId, amount, currency: 'AZN' });
  const listEvents = (as: TestBank, query: Record<string, string> = {}) => h.http().get('/api/v1/events').query(query).set('x-api-key', as.apiKey);
  const redeliver = (as: TestBank, id: string) => h.http().post(`/api/v1/events/${id}/redeliver`).set('x-api-key', as.apiKey);
  const eventsOf = (transactionId: string) => h.prisma.outboxEvent.findMany({ where: { transactionId }, orderBy: { createdAt: 'asc' } });

  /** Polls the event row until `done` holds (the app's dispatcher delivers in the background). */
  async function eventuntil(id: string, done: (e: { status: string; attempts: number }) => boolean) {
    for (let i = 0; i < 200; i++) {
      const row = await h.prisma.outboxEvent.findUniqueOrThrow({ where: { id } });
      if (done(row)) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`event ${id} never reached the expected state`);
  }

  it('deposit.completed and withdrawal.completed carry the movement; deposit.failed and withdrawal.failed the refusal', async () => {
    const user = newUser();
    const deposit = await h.deposit(bank, user, '100.00');
    const withdrawal = await withdraw(bank, user, '30.00');
    h.bankSide.mode = 'refuse';
    const refusedDeposit = await h.deposit(bank, user, '5.00');
    const refusedWithdrawal = await withdraw(bank, user, '6.00');
    expect([deposit.status, withdrawal.status]).toEqual([201, 201]);
    expect(refusedDeposit.body.success).toBe(false);
    expect(refusedWithdrawal.body.success).toBe(false);

    const refusedDepositTx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'DEPOSIT', status: 'FAILED' } });
    const refusedWithdrawalTx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, type: 'WITHDRAWAL', status: 'FAILED' } });
    const cases = [
      [deposit.body.data.transactionId as string, 'deposit.completed', 'DEPOSIT', 'COMPLETED', '100.00', null],
      [withdrawal.body.data.transactionId as string, 'withdrawal.completed', 'WITHDRAWAL', 'COMPLETED', '30.00', null],
      [refusedDepositTx.id, 'deposit.failed', 'DEPOSIT', 'FAILED', '5.00', refusedDeposit.body.errorCode],
      [refusedWithdrawalTx.id, 'withdrawal.failed', 'WITHDRAWAL', 'FAILED', '6.00', refusedWithdrawal.body.errorCode],
    ] as const;
    for (const [transactionId, type, kind, status, amount, errorCode] of cases) {
      const events = await eventsOf(transactionId);
      expect(events.map((e) => e.type)).toEqual([type]);
      expect(JSON.parse(events[0].payload)).toEqual({
        eventId: events[0].id,
        type,
        createdAt: expect.any(String),
        data: { transactionId, type: kind, status, bankUserId: user, amount, currency: 'AZN', errorCode },
      });
    }
  });

  it("a deposit's completion and its event are one transaction: an event that cannot be written leaves the deposit PENDING (202), and reconciliation completes both", async () => {
    const user = newUser();
    const key = randomUUID();
    const enqueue = jest.spyOn(h.app.get(OutboxService), 'enqueue').mockRejectedValueOnce(new Error('outbox write refused'));
    const first = await h.deposit(bank, user, '40.00', key);
    // The bank acknowledged (it moved the money), so the answer is 202 PENDING, never "nothing written" (issue 22, 2.6).
    expect(first.status).toBe(202);
    const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: bank.id, idempotencyKey: key } });
    expect(first.body.data).toEqual({ transactionId: tx.id, status: 'PENDING', amount: '40.00', currency: 'AZN' });
    expect(tx.status).toBe('PENDING');
    expect(await h.prisma.ledger.count({ where: { transactionId: tx.id } })).toBe(0);
    expect(await eventsOf(tx.id)).toEqual([]);

    enqueue.mockRestore();
    await h.reconcile({ bankId: bank.id });
    expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: tx.id } })).status).toBe('COMPLETED');
    expect((await eventsOf(tx.id)).map((e) => e.type)).toEqual(['deposit.completed']);
    expect((await h.accounts(bank, user)).AZN.balance).toBe('40.00000000');
  });

  it('a trade that answers 202 announces trade.pending once, with its stored answer; its outcome follows', async () => {
    const user = newUser();
    expect((await h.deposit(bank, user, '100.00')).status).toBe(201);
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
    await h.exchange.setFaults({ hang: false });
    expect(res.status).toBe(202);
    const id = res.body.data.transactionId as string;

    const [pending] = await eventsOf(id);
    expect(pending.type).toBe('trade.pending');
    expect(JSON.parse(pending.payload)).toMatchObject({
      type: 'trade.pending',
      data: { transactionId: id, type: 'BUY', status: 'PENDING', bankUserId: user, amountIn: '40.00', currencyIn: 'AZN', errorCode: null },
    });

    await h.reconcile({ bankId: bank.id });
    const settled = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
    expect(settled.status).not.toBe('PENDING');
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['trade.pending', `trade.${settled.status.toLowerCase()}`]);
  });

  it('no trade.pending without the stored 202 answer: both are written together or not at all', async () => {
    const user = newUser();
    expect((await h.deposit(bank, user, '100.00')).status).toBe(201);
    jest.spyOn(h.app.get(OutboxService), 'enqueue').mockRejectedValueOnce(new Error('outbox write refused'));
    await h.exchange.setFaults({ hang: true, scope: 'orders' });
    const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
    await h.exchange.setFaults({ hang: false });
    // The answer is still the truth (202 PENDING); only its stored copy and the event are missing.
    expect(res.status).toBe(202);
    const tx = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
    expect({ status: tx.status, responseStatus: tx.responseStatus }).toEqual({ status: 'PENDING', responseStatus: null });
    expect(await eventsOf(tx.id)).toEqual([]);
    await h.reconcile({ bankId: bank.id });
  });

  it("lists only the calling bank's events, newest first, a page at a time, with their delivery state", async () => {
    const user = newUser();
    // No trade here: the exchange is the slowest part of a loaded machine (trade events: above).
    const deposit = await h.deposit(bank, user, '100.00');
    const second = await h.deposit(bank, user, '10.00');
    const withdrawal = await withdraw(bank, user, '20.00');
    expect([deposit.status, second.status, withdrawal.status]).toEqual([201, 201, 201]);
    const other = await h.createBank({ webhookUrl: `${receiver.url}/other` });
    expect((await h.deposit(other, newUser(), '1.00')).status).toBe(201);

    const first = await listEvents(bank, { limit: '2' });
    expect(first.status).toBe(200);
    expect(first.body.data.items.map((e: { transactionId: string }) => e.transactionId)).toEqual([
      withdrawal.body.data.transactionId,
      second.body.data.transactionId,
    ]);
    const last = await listEvents(bank, { limit: '2', cursor: first.body.data.nextCursor as string });
    expect(last.body.data.items.map((e: { type: string; transactionId: string }) => [e.type, e.transactionId])).toEqual([
      ['deposit.completed', deposit.body.data.transactionId],
    ]);
    expect(last.body.data.nextCursor).toBeNull();

    const item = last.body.data.items[0];
    const row = await h.prisma.outboxEvent.findUniqueOrThrow({ where: { id: item.eventId } });
    expect(item).toEqual({
      eventId: row.id,
      type: 'deposit.completed',
      transactionId: deposit.body.data.transactionId,
      deliveryStatus: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt.toISOString() : null,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
      payload: JSON.parse(row.payload),
    });

    const withdrawals = await listEvents(bank, { type: 'withdrawal.completed' });
    expect(withdrawals.body.data.items.map((e: { transactionId: string }) => e.transactionId)).toEqual([withdrawal.body.data.transactionId]);
    const otherList = await listEvents(other);
    expect(otherList.body.data.items).toHaveLength(1);
    expect(otherList.body.data.items[0].payload.data.amount).toBe('1.00');

    const bad = await listEvents(bank, { cursor: 'not-a-cursor' });
    expect({ status: bad.status, code: bad.body.errorCode }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
    const badType = await listEvents(bank, { type: 'trade.exploded' });
    expect({ status: badType.status, code: badType.body.errorCode }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
  });

  it('a DEAD event is revived by redelivery: PENDING at once with attempts from 0, then delivered', async () => {
    webhookStatus = 500;
    const user = newUser();
    const deposit = await h.deposit(bank, user, '12.00');
    const [event] = await eventsOf(deposit.body.data.transactionId);
    await eventuntil(event.id, (e) => e.attempts >= 1);
    // The dispatcher's last attempt failed: what it leaves behind is a DEAD row.
    await h.prisma.outboxEvent.update({ where: { id: event.id }, data: { status: 'DEAD' } });

    const dead = await listEvents(bank, { deliveryStatus: 'DEAD' });
    expect(dead.body.data.items).toEqual([
      expect.objectContaining({ eventId: event.id, deliveryStatus: 'DEAD', lastError: 'HTTP 500', nextAttemptAt: null }),
    ]);

    webhookStatus = 200;
    const received = receiver.received.length;
    const res = await redeliver(bank, event.id);
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ eventId: event.id, deliveryStatus: 'PENDING', attempts: 0, lastError: 'HTTP 500' });

    const delivered = await eventuntil(event.id, (e) => e.status === 'DELIVERED');
    expect(delivered.attempts).toBe(1);
    expect(receiver.received.slice(received).map((r) => JSON.parse(r.body).eventId)).toContain(event.id);
  });

  it('a DELIVERED event is sent once more on redelivery, with the same eventId and body', async () => {
    const deposit = await h.deposit(bank, newUser(), '13.00');
    const [event] = await eventsOf(deposit.body.data.transactionId);
    await eventuntil(event.id, (e) => e.status === 'DELIVERED');
    const sent = () => receiver.received.filter((r) => JSON.parse(r.body).eventId === event.id).map((r) => r.body);
    expect(sent()).toEqual([event.payload]);

    const res = await redeliver(bank, event.id);
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ deliveryStatus: 'PENDING', attempts: 1 });
    await eventuntil(event.id, (e) => e.status === 'DELIVERED' && e.attempts === 2);
    expect(sent()).toEqual([event.payload, event.payload]);
  });

  it("another bank's event, or no event at all, is EVENT_NOT_FOUND, and nothing changes", async () => {
    const deposit = await h.deposit(bank, newUser(), '14.00');
    const [event] = await eventsOf(deposit.body.data.transactionId);
    const before = await eventuntil(event.id, (e) => e.status === 'DELIVERED');
    const intruder = await h.createBank();
    for (const [as, id] of [
      [intruder, event.id],
      [bank, randomUUID()],
      [bank, 'not-a-uuid'],
    ] as const) {
      const res = await redeliver(as, id);
      expect({ status: res.status, code: res.body.errorCode }).toEqual({ status: 404, code: 'EVENT_NOT_FOUND' });
    }
    expect(await h.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(before);
  });
});
