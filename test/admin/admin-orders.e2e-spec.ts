import { randomUUID } from 'node:crypto';
import { TestBank } from '../support/core-harness';
import { expectLedgerInvariants } from '../support/ledger-invariants';
import { AdminHarness } from './support/admin-harness';

/** Issue 24: the operator sees the limit and stop orders waiting per bank (what the house may have to execute). */
describe('admin surface: open orders per bank', () => {
  const world = AdminHarness.suite();
  let bank: TestBank;

  beforeEach(async () => {
    await world.core.exchange.reset({ mid: '1.6847' });
    bank = await world.core.createBank();
  });
  afterEach(async () => {
    await expectLedgerInvariants();
  });

  const place = (body: Record<string, unknown>) =>
    world.core.http().post('/api/v1/orders').set('x-api-key', bank.apiKey).set('x-idempotency-key', randomUUID()).send(body);

  it('GET /admin/v1/orders/open: totals by side and type, and the orders, of one bank or all', async () => {
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await world.core.deposit(bank, user, '100.00')).status).toBe(201);
    const base = { bankUserId: user, side: 'BUY', amount: '30.00', currency: 'AZN', timeInForce: 'GTC' };
    const a = await place({ ...base, type: 'LIMIT', limitPrice: '1.6000' });
    await place({ ...base, type: 'LIMIT', limitPrice: '1.5000' });
    await place({ ...base, type: 'STOP', stopPrice: '1.9000', amount: '10.00' });
    await world.core.http().post(`/api/v1/orders/${a.body.data.orderId}/cancel`).set('x-api-key', bank.apiKey).send();

    const res = await world.admin.get(`/admin/v1/orders/open?bank=${bank.code}`);
    expect(res.status).toBe(200);
    const totals = [...res.body.data.totals].sort((x: { type: string }, y: { type: string }) => x.type.localeCompare(y.type));
    expect(totals).toEqual([
      { bankCode: bank.code, side: 'BUY', type: 'LIMIT', count: 1, amount: '30.00', currency: 'AZN' },
      { bankCode: bank.code, side: 'BUY', type: 'STOP', count: 1, amount: '10.00', currency: 'AZN' },
    ]);
    expect(res.body.data.orders.map((o: { limitPrice: string | null; stopPrice: string | null }) => [o.limitPrice, o.stopPrice])).toEqual([
      ['1.5000', null],
      [null, '1.9000'],
    ]);
    expect((await world.admin.get('/admin/v1/orders/open?bank=no-such-bank')).body.data).toEqual({ totals: [], orders: [] });
    expect((await world.admin.get('/admin/v1/orders/open', 'not-a-key')).status).toBe(401);

    // The operator's page shows the totals too.
    const page = await world.admin
      .http()
      .get('/admin')
      .set('authorization', `Basic ${Buffer.from(`operator:${world.admin.operatorKey}`).toString('base64')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-test="open-orders"');
    expect(page.text).toContain(
      `<tr><td><code>${bank.code}</code></td><td>BUY</td><td>STOP</td><td class="num">1</td><td class="num">10.00 AZN</td></tr>`,
    );

    for (const o of res.body.data.orders as { orderId: string }[]) {
      await world.core.http().post(`/api/v1/orders/${o.orderId}/cancel`).set('x-api-key', bank.apiKey).send();
    }
  });
});
