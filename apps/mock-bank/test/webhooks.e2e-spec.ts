import { randomUUID } from 'node:crypto';
import { signedHeaders, TradeEvent, WEBHOOK_PATH } from '@app/shared-types';
import { FakeCore } from './support/fake-core';
import { startTestBank, TestBank, WEBHOOK_SECRET } from './support/mock-bank-test-app';

function tradeEvent(customer: string, transactionId: string = randomUUID(), status: 'COMPLETED' | 'FAILED' = 'COMPLETED'): TradeEvent {
  return {
    eventId: randomUUID(),
    type: status === 'COMPLETED' ? 'trade.completed' : 'trade.failed',
    createdAt: new Date().toISOString(),
    data: {
      transactionId,
      type: 'BUY',
      status,
      bankUserId: customer,
      amountIn: '100.00',
      currencyIn: 'AZN',
      amountOut: '58.47',
      currencyOut: 'USDT',
      exchangeRate: '1.7100',
      errorCode: null,
    },
  };
}

describe('POST /core/webhooks (e2e)', () => {
  let core: FakeCore;
  let bank: TestBank;

  beforeAll(async () => {
    core = await FakeCore.start();
    bank = await startTestBank({ CORE_ENGINE_URL: core.url });
  });

  afterEach(() => bank.resetFaults());

  afterAll(async () => {
    await bank.close();
    await core.close();
  });

  const deliver = (event: TradeEvent, body = JSON.stringify(event)) => bank.signedPost(WEBHOOK_PATH, body, { eventId: event.eventId });
  /** A customer whose buy the (fake) core answered 202 PENDING. */
  async function pendingBuy(): Promise<{ customer: string; txId: string }> {
    const customer = await bank.createCustomer();
    const txId = randomUUID();
    core.script.push({ status: 202, body: { success: true, data: { transactionId: txId, status: 'PENDING' } } });
    await bank.http().post(`/customers/${customer}/buys`).send({ amount: '100.00' }).expect(202);
    return { customer, txId };
  }
  const eventsOf = async (transactionId: string) => (await bank.http().get('/events').query({ transactionId }).expect(200)).body;

  it('accepts a signed event and lists it', async () => {
    const event = tradeEvent('wh_customer_1');
    const res = await deliver(event).expect(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    expect(await eventsOf(event.data.transactionId)).toEqual([
      {
        eventId: event.eventId,
        type: 'trade.completed',
        transactionId: event.data.transactionId,
        bankUserId: 'wh_customer_1',
        status: 'COMPLETED',
        deliveries: 1,
        receivedAt: expect.any(String),
      },
    ]);
  });

  it('a trade.pending arriving after the outcome is recorded and never overwrites it', async () => {
    const { customer, txId } = await pendingBuy();
    const completed = tradeEvent(customer, txId);
    const pending: TradeEvent = { ...completed, eventId: randomUUID(), type: 'trade.pending', data: { ...completed.data, status: 'PENDING' } };

    await deliver(completed).expect(200);
    await deliver(pending).expect(200);

    expect((await eventsOf(txId)).map((e: { type: string }) => e.type).sort()).toEqual(['trade.completed', 'trade.pending']);
    const actions = await bank.http().get(`/customers/${customer}/actions`).expect(200);
    expect(actions.body[0]).toMatchObject({ transactionId: txId, tradeStatus: 'COMPLETED' });
  });

  it('applies the same event once, however often it is delivered', async () => {
    const { customer, txId } = await pendingBuy();
    const event = tradeEvent(customer, txId);

    const answers = [await deliver(event), await deliver(event), await deliver(event)];

    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
    expect(await eventsOf(txId)).toEqual([expect.objectContaining({ eventId: event.eventId, deliveries: 3 })]);
    const actions = await bank.http().get(`/customers/${customer}/actions`).expect(200);
    expect(actions.body[0]).toMatchObject({ kind: 'BUY', transactionId: txId, tradeStatus: 'COMPLETED' });
  });

  it('applies a repeat once when it arrives concurrently', async () => {
    const event = tradeEvent('wh_customer_2');
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await eventsOf(event.data.transactionId)).toEqual([expect.objectContaining({ deliveries: 5 })]);
  });

  it('refuses a tampered body, a stale or missing signature (401) and records nothing', async () => {
    const event = tradeEvent('wh_customer_3');
    const body = JSON.stringify(event);
    const headers = signedHeaders(WEBHOOK_SECRET, body, { eventId: event.eventId });
    const tampered = body.replace('"COMPLETED"', '"FAILED"');
    const now = Math.floor(Date.now() / 1000);

    expect((await bank.http().post(WEBHOOK_PATH).set(headers).send(tampered).expect(401)).body.code).toBe('INVALID_SIGNATURE');
    expect((await bank.signedPost(WEBHOOK_PATH, body, { eventId: event.eventId, nowSeconds: now - 600 }).expect(401)).body.code).toBe(
      'STALE_SIGNATURE',
    );
    expect((await bank.signedPost(WEBHOOK_PATH, body, { eventId: event.eventId, secret: 'not-the-bank-secret-000' }).expect(401)).body.code).toBe(
      'INVALID_SIGNATURE',
    );
    expect(
      (await bank.http().post(WEBHOOK_PATH).set('content-type', 'application/json').set('x-core-event-id', event.eventId).send(body).expect(401)).body
        .code,
    ).toBe('MISSING_SIGNATURE');
    expect(await eventsOf(event.data.transactionId)).toEqual([]);
  });

  it('during a secret rotation takes a webhook signed with both secrets, whichever order, and still refuses one signed with neither', async () => {
    const event = tradeEvent('wh_customer_6');
    const body = JSON.stringify(event);
    const other = 'the-other-secret-of-a-rotation';
    const oldFirst = signedHeaders([other, WEBHOOK_SECRET], body, { eventId: event.eventId });
    expect(oldFirst['x-core-signature'].split(',')).toHaveLength(2);
    expect((await bank.http().post(WEBHOOK_PATH).set(oldFirst).send(body).expect(200)).body).toEqual({ received: true, duplicate: false });
    const newFirst = signedHeaders([WEBHOOK_SECRET, other], body, { eventId: event.eventId });
    expect((await bank.http().post(WEBHOOK_PATH).set(newFirst).send(body).expect(200)).body.duplicate).toBe(true);
    const neither = signedHeaders([other, 'yet-another-secret-0000'], body, { eventId: event.eventId });
    expect((await bank.http().post(WEBHOOK_PATH).set(neither).send(body).expect(401)).body.code).toBe('INVALID_SIGNATURE');
  });

  it('refuses an x-core-event-id header that does not name the signed event', async () => {
    const event = tradeEvent('wh_customer_4');
    const res = await bank.signedPost(WEBHOOK_PATH, JSON.stringify(event), { eventId: randomUUID() }).expect(400);
    expect(res.body.code).toBe('INVALID_CORE_MESSAGE');
    expect(await eventsOf(event.data.transactionId)).toEqual([]);
  });

  it('answers 503 while webhooks are down and records nothing; takes the event once back up', async () => {
    const event = tradeEvent('wh_customer_5');
    await bank.setFaults({ webhooksDown: true });
    expect((await deliver(event).expect(503)).body.code).toBe('BANK_UNAVAILABLE');
    expect(await eventsOf(event.data.transactionId)).toEqual([]);

    await bank.resetFaults();
    expect((await deliver(event).expect(200)).body).toEqual({ received: true, duplicate: false });
  });

  it('keeps acknowledgements working while only webhooks are down', async () => {
    await bank.setFaults({ webhooksDown: true });
    const customer = await bank.createCustomer('50.00');
    const body = JSON.stringify({ reference: randomUUID(), operation: 'DEPOSIT', bankUserId: customer, amount: '5.00', currency: 'AZN' });
    expect((await bank.signedPost('/core/acknowledgements', body).expect(200)).body.acknowledged).toBe(true);
  });
});

describe('admin API (e2e)', () => {
  let bank: TestBank;

  beforeAll(async () => {
    bank = await startTestBank();
  });

  afterAll(() => bank.close());

  it('answers only to the admin key', async () => {
    expect((await bank.http().get('/admin/faults').expect(401)).body.code).toBe('UNAUTHORIZED');
    expect((await bank.http().put('/admin/faults').set('x-admin-key', 'wrong').send({ webhooksDown: true }).expect(401)).body.code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('changes any subset of the switches, validates them, and resets', async () => {
    await bank.setFaults({ latencyMs: 25 });
    await bank.setFaults({ acknowledgementsDown: true });
    const view = await bank.http().get('/admin/faults').set('x-admin-key', 'test-bank-admin-key').expect(200);
    expect(view.body).toEqual({ acknowledgementsDown: true, webhooksDown: false, latencyMs: 25 });

    for (const bad of [{ webhooksDown: 'yes' }, { latencyMs: -1 }, { latencyMs: null }, { other: true }]) {
      await bank.http().put('/admin/faults').set('x-admin-key', 'test-bank-admin-key').send(bad).expect(400);
    }
    await bank.resetFaults();
    expect((await bank.http().get('/admin/faults').set('x-admin-key', 'test-bank-admin-key').expect(200)).body).toEqual({
      acknowledgementsDown: false,
      webhooksDown: false,
      latencyMs: 0,
    });
  });
});
