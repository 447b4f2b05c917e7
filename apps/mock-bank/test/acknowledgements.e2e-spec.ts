import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ACKNOWLEDGEMENT_PATH, AcknowledgementRequest, signedHeaders } from '@app/shared-types';
import { startTestBank, TestBank, WEBHOOK_SECRET } from './support/mock-bank-test-app';

const ack = (customer: string, overrides: Partial<AcknowledgementRequest> = {}): string =>
  JSON.stringify({ reference: randomUUID(), operation: 'DEPOSIT', bankUserId: customer, amount: '100.00', currency: 'AZN', ...overrides });

describe('POST /core/acknowledgements (e2e)', () => {
  let bank: TestBank;

  beforeAll(async () => {
    bank = await startTestBank();
  });

  afterEach(() => bank.resetFaults());

  afterAll(() => bank.close());

  it('acknowledges a deposit and debits the customer bank account', async () => {
    const customer = await bank.createCustomer('500.00');
    const body = ack(customer, { amount: '120.50' });
    const { reference } = JSON.parse(body) as AcknowledgementRequest;

    const res = await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200);

    expect(res.body).toEqual({ reference, acknowledged: true });
    expect(await bank.bankBalance(customer)).toBe('379.50');
    const movements = await bank.http().get(`/customers/${customer}/movements`).expect(200);
    expect(movements.body[0]).toMatchObject({ reference, operation: 'DEPOSIT', amount: '-120.50', balanceAfter: '379.50' });
  });

  it('is idempotent by reference: asked again, the same answer and no second debit', async () => {
    const customer = await bank.createCustomer('500.00');
    const body = ack(customer);

    const first = await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200);
    const again = await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200);

    expect(again.body).toEqual(first.body);
    expect(await bank.bankBalance(customer)).toBe('400.00');
  });

  it('applies a reference once when the same acknowledgement arrives several times at once', async () => {
    const customer = await bank.createCustomer('500.00');
    const body = ack(customer, { amount: '50.00' });

    const answers = await Promise.all(Array.from({ length: 6 }, () => bank.signedPost(ACKNOWLEDGEMENT_PATH, body)));

    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.map((a) => a.body.acknowledged)).toEqual(Array(6).fill(true));
    expect(await bank.bankBalance(customer)).toBe('450.00');
  });

  it('refuses a deposit above the bank balance, moves nothing, and gives the same refusal when asked again', async () => {
    const customer = await bank.createCustomer('30.00');
    const body = ack(customer, { amount: '30.01' });

    const res = await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200);
    expect(res.body).toEqual({
      reference: JSON.parse(body).reference,
      acknowledged: false,
      reason: "insufficient funds in the customer's bank account (30.00 AZN)",
    });
    expect((await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200)).body).toEqual(res.body);
    expect(await bank.bankBalance(customer)).toBe('30.00');
  });

  it('refuses an unknown customer, and a reference reused for a different movement', async () => {
    const unknown = await bank.signedPost(ACKNOWLEDGEMENT_PATH, ack('nobody_at_this_bank')).expect(200);
    expect(unknown.body).toMatchObject({ acknowledged: false, reason: 'the bank has no such customer' });

    const customer = await bank.createCustomer('500.00');
    const body = ack(customer, { amount: '10.00' });
    await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200);
    const reused = await bank.signedPost(ACKNOWLEDGEMENT_PATH, JSON.stringify({ ...JSON.parse(body), amount: '99.00' })).expect(200);
    expect(reused.body).toMatchObject({ acknowledged: false, reason: 'the reference was already used for a different movement' });
    expect(await bank.bankBalance(customer)).toBe('490.00');
  });

  it('credits the bank account for a withdrawal', async () => {
    const customer = await bank.createCustomer('10.00');
    await bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer, { operation: 'WITHDRAWAL', amount: '5.25' })).expect(200);
    expect(await bank.bankBalance(customer)).toBe('15.25');
  });

  describe('signatures', () => {
    it('refuses a tampered body (401 INVALID_SIGNATURE) and moves nothing', async () => {
      const customer = await bank.createCustomer('500.00');
      const body = ack(customer, { amount: '10.00' });
      const headers = signedHeaders(WEBHOOK_SECRET, body);
      const tampered = body.replace('"10.00"', '"400.00"');

      const res = await bank.http().post(ACKNOWLEDGEMENT_PATH).set(headers).send(tampered).expect(401);

      expect(res.body.code).toBe('INVALID_SIGNATURE');
      expect(await bank.bankBalance(customer)).toBe('500.00');
    });

    it('refuses a signature made with another secret, a stale and a future timestamp, and a missing signature', async () => {
      const customer = await bank.createCustomer('500.00');
      const now = Math.floor(Date.now() / 1000);
      const cases: [ReturnType<TestBank['signedPost']>, string][] = [
        [bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer), { secret: 'another-secret-0123456789' }), 'INVALID_SIGNATURE'],
        [bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer), { nowSeconds: now - 310 }), 'STALE_SIGNATURE'],
        [bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer), { nowSeconds: now + 310 }), 'STALE_SIGNATURE'],
        [bank.http().post(ACKNOWLEDGEMENT_PATH).set('content-type', 'application/json').send(ack(customer)), 'MISSING_SIGNATURE'],
      ];
      for (const [call, code] of cases) expect((await call.expect(401)).body.code).toBe(code);
      expect(await bank.bankBalance(customer)).toBe('500.00');
    });

    it('refuses a signed request that breaks the contract (400) and moves nothing', async () => {
      const customer = await bank.createCustomer('500.00');
      const res = await bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer, { amount: '-5' })).expect(400);
      expect(res.body.code).toBe('INVALID_CORE_MESSAGE');
    });
  });

  describe('faults', () => {
    it('answers 503 while acknowledgements are down, and moves nothing', async () => {
      const customer = await bank.createCustomer('500.00');
      await bank.setFaults({ acknowledgementsDown: true });
      const res = await bank.signedPost(ACKNOWLEDGEMENT_PATH, ack(customer)).expect(503);
      expect(res.body.code).toBe('BANK_UNAVAILABLE');
      expect(await bank.bankBalance(customer)).toBe('500.00');
      await bank.http().get('/health').expect(200);
    });

    it('with latency, drops unhandled a request whose caller gave up, so nothing moves', async () => {
      const customer = await bank.createCustomer('500.00');
      await bank.setFaults({ latencyMs: 300 });
      const body = ack(customer);
      const outcome = await new Promise<string>((resolve) => {
        const req = httpRequest(`${bank.url}${ACKNOWLEDGEMENT_PATH}`, { method: 'POST', headers: signedHeaders(WEBHOOK_SECRET, body), timeout: 100 });
        req.on('timeout', () => req.destroy(new Error('client timeout')));
        req.on('error', (err) => resolve(err.message));
        req.on('response', (res) => resolve(`answered ${res.statusCode}`));
        req.end(body);
      });
      expect(outcome).toBe('client timeout');
      await new Promise((r) => setTimeout(r, 400));
      expect(await bank.bankBalance(customer)).toBe('500.00');

      // The core asks again with the same reference: now it is applied.
      await bank.resetFaults();
      expect((await bank.signedPost(ACKNOWLEDGEMENT_PATH, body).expect(200)).body.acknowledged).toBe(true);
      expect(await bank.bankBalance(customer)).toBe('400.00');
    });
  });
});
