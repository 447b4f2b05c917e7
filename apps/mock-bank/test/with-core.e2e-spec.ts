import { randomUUID } from 'node:crypto';
import { BankHarness, eventually } from '../../../test/support/bank-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { runE2e } from '../e2e/run-e2e';
import { TEST_EXCHANGE_ADMIN_KEY } from '../../../test/support/mock-exchange-harness';
import { OrderMatcher } from '../../core-engine/src/matching/order-matcher.service';
import { TakeLiabilitySnapshotUseCase } from '../../core-engine/src/proofs/snapshot/take-liability-snapshot.use-case';

// The Mock Bank and a real Core Engine (and Mock Exchange) talking over HTTP.
describe('Mock Bank with the Core Engine (e2e)', () => {
  let h: BankHarness;

  beforeAll(async () => {
    h = await BankHarness.start();
  });

  afterEach(async () => {
    await h.bank.resetFaults();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  const bank = () => h.bank.http();
  const deposit = (customer: string, amount: string, actionId?: string) =>
    bank()
      .post(`/customers/${customer}/deposits`)
      .send({ amount, ...(actionId && { actionId }) });
  const coreAccounts = (customer: string) => h.core.accounts(h.bankRow, customer);

  it('runs the e2e script green: deposit, quote, buy, replay, INSUFFICIENT_FUNDS, webhook, four ledger rows, a limit order filled', async () => {
    const lines: string[] = [];
    const exchangeAdmin = { url: h.core.exchange.url, key: TEST_EXCHANGE_ADMIN_KEY };
    // The order matcher's timer, as in production, for this suite's bank only (the test database is shared).
    const matcher = h.core.app.get(OrderMatcher);
    const timer = setInterval(() => void matcher.runOnce({ bankIds: [h.bankRow.id] }).catch(() => undefined), 100);
    let result: Awaited<ReturnType<typeof runE2e>>;
    try {
      result = await runE2e({ bankUrl: h.bank.url, coreUrl: h.coreUrl, webhookTimeoutMs: 20000, exchangeAdmin }, (line) => lines.push(line));
    } finally {
      clearInterval(timer);
      await matcher.runOnce({ bankIds: [h.bankRow.id] });
    }
    expect(lines.join('\n')).toMatch(/order [0-9a-f-]{36} FILLED/);

    expect(result.ledger).toHaveLength(4);
    expect(result.webhook).toMatchObject({ type: 'trade.completed', transactionId: result.transactionId, deliveries: 1 });
    expect(lines.join('\n')).toMatch(/8\. balances after/);
    const [event] = await h.outboxEventsOf(result.transactionId);
    expect(event).toMatchObject({ status: 'DELIVERED', type: 'trade.completed', attempts: 1 });
  }, 60000);

  it("the customer's page places a limit order (its AZN held), shows it OPEN, and cancels it (released)", async () => {
    const customer = await h.bank.createCustomer('100.00');
    await deposit(customer, '50.00').expect(201);
    const form = { actionId: randomUUID(), side: 'BUY', type: 'LIMIT', amount: '20.00', price: '1.0000' };
    await bank().post(`/customers/${customer}/page/orders`).type('form').send(form).expect(303);
    await bank().post(`/customers/${customer}/page/orders`).type('form').send(form).expect(303); // the same form twice: one order
    const page = (await bank().get(`/customers/${customer}/page`).expect(200)).text;
    const rows = [...page.matchAll(/<tr data-order="([0-9a-f-]{36})" data-status="([A-Z]+)">/g)];
    expect(rows.map((r) => r[2])).toEqual(['OPEN']);
    expect((await coreAccounts(customer)).AZN).toEqual({ balance: '50.00000000', locked: '20.00000000' });
    await bank().post(`/customers/${customer}/page/orders/${rows[0][1]}/cancel`).expect(303);
    const after = (await bank().get(`/customers/${customer}/page`).expect(200)).text;
    expect(after).toContain(`<tr data-order="${rows[0][1]}" data-status="CANCELLED">`);
    expect((await coreAccounts(customer)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
  });

  it("the customer's page shows their liability proof and the bank's check of it, once a snapshot holds them", async () => {
    const customer = await h.bank.createCustomer('100.00');
    await deposit(customer, '40.00').expect(201);
    const before = (await bank().get(`/customers/${customer}/page`).expect(200)).text;
    expect(before).toContain('id="proof-unavailable"');
    const snapshot = await h.core.app.get(TakeLiabilitySnapshotUseCase, { strict: false }).take(h.bankRow.code, { id: 'cli:test' });
    const page = (await bank().get(`/customers/${customer}/page`).expect(200)).text;
    expect(page).toMatch(/<p id="proof-check" class="flash ok">Checked by the bank: your balances are leaf \d+ of \d+/);
    expect(page).toContain(`<code id="proof-root">${snapshot.rootHash}</code>`);
    expect(page).toContain('<td class="num" id="proof-balances">40.00000000 AZN, 0.00000000 USDT</td>');
  });

  it('the bank is down during a deposit: 502 BANK_CONNECTION_ERROR, nothing credited or debited; a retry of the action once it is back credits once', async () => {
    const customer = await h.bank.createCustomer('300.00');
    await h.bank.setFaults({ acknowledgementsDown: true });
    const actionId = randomUUID();

    const down = await deposit(customer, '100.00', actionId).expect(502);

    expect(down.body.core.body).toMatchObject({ success: false, errorCode: 'BANK_CONNECTION_ERROR' });
    expect(await h.bank.bankBalance(customer)).toBe('300.00');
    expect((await coreAccounts(customer)).AZN?.balance ?? '0.00000000').toBe('0.00000000');
    const wallet = (await bank().get(`/customers/${customer}`).expect(200)).body.wallet;
    expect(wallet.filter((b: { balance: string }) => b.balance !== '0.00')).toEqual([]);

    await h.bank.resetFaults();
    const back = await deposit(customer, '100.00', actionId).expect(201);
    expect(back.body.action.idempotencyKey).toBe(down.body.action.idempotencyKey);
    expect(back.body.core.body.data).toMatchObject({ status: 'COMPLETED', amount: '100.00', balance: '100.00' });
    expect(await h.bank.bankBalance(customer)).toBe('200.00');
    expect((await coreAccounts(customer)).AZN.balance).toBe('100.00000000');
    const movements = (await bank().get(`/customers/${customer}/movements`).expect(200)).body;
    expect(movements.filter((m: { operation: string }) => m.operation === 'DEPOSIT')).toHaveLength(1);
  });

  it('the bank refuses a deposit above the bank balance: 502 BANK_REFUSED, FAILED, nothing credited; the action records its transaction', async () => {
    const customer = await h.bank.createCustomer('20.00');
    const res = await deposit(customer, '20.01').expect(502);
    expect(res.body.core.body).toMatchObject({ errorCode: 'BANK_REFUSED', retryable: false, transactionId: expect.any(String) });
    expect(res.body.action.transactionId).toBe(res.body.core.body.transactionId);
    expect(res.body.core.body.message).toMatch(/insufficient funds/);
    expect(await h.bank.bankBalance(customer)).toBe('20.00');
    const tx = await h.core.prisma.transaction.findFirstOrThrow({ where: { bankId: h.bankRow.id, user: { bankCustomerId: customer } } });
    expect(tx.status).toBe('FAILED');
  });

  it('a slow bank (later than the core waits) is not credited, and the retried action is, once', async () => {
    const customer = await h.bank.createCustomer('300.00');
    await h.bank.setFaults({ latencyMs: 1500 }); // the harness core waits 1000 ms for an acknowledgement
    const actionId = randomUUID();
    const slow = await deposit(customer, '50.00', actionId).expect(502);
    expect(slow.body.core.body.errorCode).toBe('BANK_CONNECTION_ERROR');
    await new Promise((r) => setTimeout(r, 1600));
    expect(await h.bank.bankBalance(customer)).toBe('300.00');

    await h.bank.resetFaults();
    await deposit(customer, '50.00', actionId).expect(201);
    expect(await h.bank.bankBalance(customer)).toBe('250.00');
    expect((await coreAccounts(customer)).AZN.balance).toBe('50.00000000');
  }, 30000);

  it('a withdrawal through the bank: the core asks, the bank credits the account once', async () => {
    const customer = await h.bank.createCustomer('300.00');
    await deposit(customer, '100.00').expect(201);
    const res = await bank().post(`/customers/${customer}/withdrawals`).send({ amount: '30.00' }).expect(201);
    expect(res.body.core.body.data).toMatchObject({ status: 'COMPLETED', amount: '30.00', balance: '70.00' });
    expect(await h.bank.bankBalance(customer)).toBe('230.00');
    expect((await coreAccounts(customer)).AZN.balance).toBe('70.00000000');
    const movements = (await bank().get(`/customers/${customer}/movements`).expect(200)).body;
    expect(movements[0]).toMatchObject({ reference: res.body.action.transactionId, operation: 'WITHDRAWAL', amount: '30.00' });
  });

  it('a webhook missed while the bank is down is delivered after it comes back', async () => {
    const customer = await h.bank.createCustomer('300.00');
    await deposit(customer, '100.00').expect(201);
    await h.bank.setFaults({ webhooksDown: true });

    const buy = await bank().post(`/customers/${customer}/buys`).send({ amount: '50.00' }).expect(201);
    const transactionId = buy.body.action.transactionId as string;

    const [failing] = await eventually(
      'a failed delivery',
      () => h.outboxEventsOf(transactionId),
      (rows) => rows[0]?.attempts > 0,
    );
    expect(failing).toMatchObject({ status: 'PENDING', type: 'trade.completed', lastError: 'HTTP 503' });
    expect((await bank().get('/events').query({ transactionId }).expect(200)).body).toEqual([]);

    await h.bank.resetFaults();
    const [delivered] = await eventually(
      'DELIVERED',
      () => h.outboxEventsOf(transactionId),
      (rows) => rows[0]?.status === 'DELIVERED',
    );
    expect(delivered.attempts).toBeGreaterThan(failing.attempts);
    const events = (await bank().get('/events').query({ transactionId }).expect(200)).body;
    expect(events).toEqual([expect.objectContaining({ eventId: delivered.id, type: 'trade.completed', status: 'COMPLETED', deliveries: 1 })]);
    const actions = (await bank().get(`/customers/${customer}/actions`).expect(200)).body;
    expect(actions.find((a: { transactionId: string }) => a.transactionId === transactionId)).toMatchObject({
      kind: 'BUY',
      tradeStatus: 'COMPLETED',
    });
  }, 30000);

  it('the same event delivered twice by the core is applied once', async () => {
    const customer = await h.bank.createCustomer('300.00');
    await deposit(customer, '100.00').expect(201);
    const buy = await bank().post(`/customers/${customer}/buys`).send({ amount: '40.00' }).expect(201);
    const transactionId = buy.body.action.transactionId as string;
    const [first] = await eventually(
      'DELIVERED',
      () => h.outboxEventsOf(transactionId),
      (rows) => rows[0]?.status === 'DELIVERED',
    );

    // As if the core had died after the bank's 2xx and before recording it: the event goes out again.
    await h.core.prisma.outboxEvent.update({ where: { id: first.id }, data: { status: 'PENDING', deliveredAt: null, nextAttemptAt: new Date() } });
    await eventually(
      'redelivered',
      () => h.outboxEventsOf(transactionId),
      (rows) => rows[0]?.status === 'DELIVERED' && rows[0].attempts === 2,
    );

    const events = (await bank().get('/events').query({ transactionId }).expect(200)).body;
    expect(events).toEqual([expect.objectContaining({ eventId: first.id, deliveries: 2 })]);
  }, 30000);

  it('the bank refuses what the core signs with another secret: the deposit fails and nothing moves', async () => {
    const customer = await h.bank.createCustomer('300.00');
    // A second bank row pointing at the same Mock Bank, with a secret the Mock Bank does not have.
    const impostor = await h.core.createBank({ callbackUrl: h.bank.url, webhookSecret: 'not-the-mock-bank-secret-000000' });

    const res = await h.core.deposit(impostor, customer, '10.00');

    expect(res.status).toBe(502);
    expect(res.body.errorCode).toBe('BANK_REFUSED');
    expect(await h.bank.bankBalance(customer)).toBe('300.00');
  });

  it("the customer page lists the wallet's transactions from the core's list (GET /api/v1/transactions), also those no action of the bank made", async () => {
    const customer = await h.bank.createCustomer('300.00');
    const deposited = await deposit(customer, '100.00').expect(201);
    // A trade the bank's own records know nothing about (made with the bank's key directly).
    const direct = await h.core.buy(h.bankRow, { bankUserId: customer, amount: '20.00', currency: 'AZN' });
    expect(direct.status).toBe(201);

    const page = (await bank().get(`/customers/${customer}/page`).expect(200)).text;
    const rows = [...page.matchAll(/<tr data-transaction="([^"]+)" data-status="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      [direct.body.data.transactionId, 'COMPLETED'],
      [deposited.body.action.transactionId, 'COMPLETED'],
    ]);
  });

  it("after an outage longer than the core's retries, the bank's catch-up has the core redeliver its DEAD events, applied once", async () => {
    const customer = await h.bank.createCustomer('300.00');
    await deposit(customer, '100.00').expect(201);
    await h.bank.setFaults({ webhooksDown: true });
    const buy = await bank().post(`/customers/${customer}/buys`).send({ amount: '40.00' }).expect(201);
    const transactionId = buy.body.action.transactionId as string;
    const [failing] = await eventually(
      'a failed attempt',
      () => h.outboxEventsOf(transactionId),
      (rows) => (rows[0]?.attempts ?? 0) >= 1,
    );
    // The core gave up: what its last failed attempt leaves behind.
    await h.core.prisma.outboxEvent.update({ where: { id: failing.id }, data: { status: 'DEAD' } });
    await h.bank.resetFaults();

    const caughtUp = await h.bank.catchUpEvents().expect(200);
    expect(caughtUp.body.redelivered).toContain(failing.id);
    await eventually(
      'DELIVERED',
      () => h.outboxEventsOf(transactionId),
      (rows) => rows[0]?.status === 'DELIVERED',
    );
    const actions = (await bank().get(`/customers/${customer}/actions`).expect(200)).body;
    expect(actions.find((a: { transactionId: string }) => a.transactionId === transactionId)).toMatchObject({ tradeStatus: 'COMPLETED' });
    expect((await bank().get('/events').query({ transactionId }).expect(200)).body).toEqual([
      expect.objectContaining({ eventId: failing.id, type: 'trade.completed', deliveries: 1 }),
    ]);
    // Nothing DEAD is left for this bank: a second catch-up has nothing to do.
    expect((await h.bank.catchUpEvents().expect(200)).body.redelivered).toEqual([]);
  }, 30000);
});
