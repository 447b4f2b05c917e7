import { randomUUID } from 'node:crypto';
import { UUID_PATTERN } from '@app/shared-types';
import { CORE_API_KEY, startTestBank, TestBank } from './support/mock-bank-test-app';
import { depositAnswer, FakeCore } from './support/fake-core';

// The bank as the core's client, against a fake core that answers what each test scripts.
describe('calls to the Core Engine (e2e)', () => {
  let core: FakeCore;
  let bank: TestBank;

  beforeAll(async () => {
    core = await FakeCore.start();
    bank = await startTestBank({ CORE_ENGINE_URL: core.url, MOCK_BANK_CORE_ATTEMPTS: '4', MOCK_BANK_CORE_TIMEOUT_MS: '1000' });
  });

  beforeEach(() => {
    core.requests.length = 0;
    core.script.length = 0;
  });

  afterAll(async () => {
    await bank.close();
    await core.close();
  });

  it('sends a deposit with the API key and a new UUID idempotency key, and answers with the core status and body', async () => {
    const customer = await bank.createCustomer();
    const txId = randomUUID();
    core.script.push(depositAnswer(txId, '150.00', '150.00'));

    const res = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '150.00' }).expect(201);

    expect(core.requests).toHaveLength(1);
    const [call] = core.requests;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/v1/funding/deposit');
    expect(call.headers['x-api-key']).toBe(CORE_API_KEY);
    expect(call.headers['x-idempotency-key']).toMatch(UUID_PATTERN);
    expect(JSON.parse(call.body)).toEqual({ bankUserId: customer, amount: '150.00', currency: 'AZN' });
    expect(res.body).toEqual({
      action: {
        actionId: expect.stringMatching(UUID_PATTERN),
        kind: 'DEPOSIT',
        idempotencyKey: call.headers['x-idempotency-key'],
        attempts: 1,
        transactionId: txId,
        tradeStatus: null,
        createdAt: expect.any(String),
      },
      core: {
        httpStatus: 201,
        body: { success: true, data: { transactionId: txId, status: 'COMPLETED', amount: '150.00', currency: 'AZN', balance: '150.00' } },
      },
    });
  });

  it('retries a lost answer, a 5xx and 409 IDEMPOTENCY_IN_PROGRESS with the same idempotency key', async () => {
    const customer = await bank.createCustomer();
    core.script.push('drop', { status: 503, body: '<html>proxy error</html>' });
    core.script.push({ status: 409, body: { success: false, errorCode: 'IDEMPOTENCY_IN_PROGRESS', message: 'busy' } });
    core.script.push(depositAnswer(randomUUID(), '10.00', '10.00'));

    const res = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '10.00' }).expect(201);

    const keys = core.requests.map((r) => r.headers['x-idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(res.body.action.attempts).toBe(4);
  });

  it("follows the core's retryable: a final 502 BANK_REFUSED is not retried, a 503 INSUFFICIENT_LIQUIDITY with reason EXCHANGE_UNAVAILABLE (retryable) is, with the same key", async () => {
    const customer = await bank.createCustomer();
    const refused = {
      success: false,
      errorCode: 'BANK_REFUSED',
      message: 'The bank did not acknowledge the deposit: no.',
      retryable: false,
      transactionId: randomUUID(),
    };
    core.script.push({ status: 502, body: refused });
    const final = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '10.00' }).expect(502);
    expect(core.requests).toHaveLength(1);
    expect(final.body.core).toEqual({ httpStatus: 502, body: refused });
    expect(final.body.action.transactionId).toBe(refused.transactionId);

    const unavailable = {
      success: false,
      errorCode: 'INSUFFICIENT_LIQUIDITY',
      message: 'No price.',
      retryable: true,
      reason: 'EXCHANGE_UNAVAILABLE',
    };
    core.script.push({ status: 503, body: unavailable }, { status: 503, body: unavailable });
    core.script.push({
      status: 422,
      body: { success: false, errorCode: 'INSUFFICIENT_FUNDS', message: 'User AZN balance is too low.', retryable: false },
    });
    const res = await bank.http().post(`/customers/${customer}/buys`).send({ amount: '5.00' }).expect(422);
    const keys = core.requests.slice(1).map((r) => r.headers['x-idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(res.body.action.attempts).toBe(3);
  });

  it('does not retry a decided answer (422) and passes it on with its status', async () => {
    const customer = await bank.createCustomer();
    const refusal = { success: false, errorCode: 'INSUFFICIENT_FUNDS', message: 'User AZN balance is too low.' };
    core.script.push({ status: 422, body: refusal });

    const res = await bank.http().post(`/customers/${customer}/buys`).send({ amount: '500.00' }).expect(422);

    expect(core.requests).toHaveLength(1);
    expect(res.body.core).toEqual({ httpStatus: 422, body: refusal });
  });

  it('sends the same key again when the customer retries an action by its actionId, and refuses a different request under it', async () => {
    const customer = await bank.createCustomer();
    const actionId = randomUUID();
    const txId = randomUUID();
    core.script.push(depositAnswer(txId, '20.00', '20.00'), depositAnswer(txId, '20.00', '20.00'));

    const first = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '20.00', actionId }).expect(201);
    const again = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '20.00', actionId }).expect(201);

    expect(core.requests.map((r) => r.headers['x-idempotency-key'])).toEqual([first.body.action.idempotencyKey, first.body.action.idempotencyKey]);
    expect(again.body.action).toMatchObject({ actionId, attempts: 2, transactionId: txId });

    const reused = await bank.http().post(`/customers/${customer}/deposits`).send({ amount: '21.00', actionId }).expect(422);
    expect(reused.body.code).toBe('ACTION_ID_REUSED');
    expect(core.requests).toHaveLength(2);
  });

  it('answers 504 CORE_UNAVAILABLE when no attempt gets an answer, and remembers the attempts', async () => {
    const customer = await bank.createCustomer();
    core.script.push('drop', 'drop', 'drop', 'drop');
    const actionId = randomUUID();

    const res = await bank.http().post(`/customers/${customer}/buys`).send({ amount: '5.00', actionId }).expect(504);

    expect(res.body).toEqual({ code: 'CORE_UNAVAILABLE', message: expect.stringContaining('4 attempt(s)') });
    const actions = await bank.http().get(`/customers/${customer}/actions`).expect(200);
    expect(actions.body).toEqual([expect.objectContaining({ actionId, kind: 'BUY', attempts: 4, transactionId: null })]);
  });

  it('forwards a quoteId with the buy, and a quote request as the quote endpoint', async () => {
    const customer = await bank.createCustomer();
    core.script.push({ status: 201, body: { success: true, data: { quoteId: 'q-1' } } });
    core.script.push({ status: 201, body: { success: true, data: { transactionId: randomUUID(), status: 'COMPLETED' } } });

    await bank.http().post(`/customers/${customer}/quotes`).send({ amount: '100.00' }).expect(201);
    await bank.http().post(`/customers/${customer}/buys`).send({ amount: '100.00', quoteId: 'q-1' }).expect(201);

    expect(core.requests.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/api/v1/trade/quote', { bankUserId: customer, side: 'BUY', amount: '100.00', currency: 'AZN' }],
      ['/api/v1/trade/buy', { bankUserId: customer, amount: '100.00', currency: 'AZN', quoteId: 'q-1' }],
    ]);
    expect(new Set(core.requests.map((r) => r.headers['x-idempotency-key'])).size).toBe(2);
  });

  it('shows the customer with the core wallet beside the bank account ([] before the first deposit)', async () => {
    const customer = await bank.createCustomer('80.50');
    core.fallback = () => ({ status: 404, body: { success: false, errorCode: 'USER_NOT_FOUND', message: 'No such user for this bank.' } });
    const before = await bank.http().get(`/customers/${customer}`).expect(200);
    expect(before.body).toMatchObject({ id: customer, bankAccount: { currency: 'AZN', balance: '80.50' }, wallet: [] });

    const balances = [{ currency: 'AZN', balance: '1.00', lockedBalance: '0.00', available: '1.00' }];
    core.fallback = () => ({ status: 200, body: { success: true, data: { bankUserId: customer, balances } } });
    const after = await bank.http().get(`/customers/${customer}`).expect(200);
    expect(after.body.wallet).toEqual(balances);
    expect(core.requests.at(-1)).toMatchObject({ method: 'GET', path: `/api/v1/users/${customer}/balances` });
    expect(core.requests.at(-1)?.headers['x-api-key']).toBe(CORE_API_KEY);
  });

  it('refuses malformed actions before calling the core', async () => {
    const customer = await bank.createCustomer();
    for (const body of [{ amount: 100 }, { amount: '1.234' }, { amount: '10.00', extra: true }, { amount: '10.00', actionId: 'nope' }]) {
      const res = await bank.http().post(`/customers/${customer}/deposits`).send(body).expect(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    }
    const unknown = await bank.http().post('/customers/nobody_here/deposits').send({ amount: '1.00' }).expect(404);
    expect(unknown.body.code).toBe('CUSTOMER_NOT_FOUND');
    expect(core.requests).toHaveLength(0);
  });
});
