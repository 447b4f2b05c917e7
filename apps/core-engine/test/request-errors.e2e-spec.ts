import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// Every bad input gets a 4xx envelope with a stable errorCode, and nothing is written.
describe('request errors', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
    bank = await h.createBank();
    expect((await h.deposit(bank, 'payer', '100.00')).status).toBe(201);
  });

  afterAll(async () => {
    await h.stop();
  });

  afterAll(() => expectLedgerInvariants());

  const valid = { bankUserId: 'payer', amount: '10.00', currency: 'AZN' };

  it('no API key: 401 MISSING_API_KEY', async () => {
    const res = await h.http().post('/api/v1/trade/buy').set('x-idempotency-key', randomUUID()).send(valid);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, errorCode: 'MISSING_API_KEY', message: 'The x-api-key header is required.', retryable: false });
  });

  it('a wrong API key: 401 INVALID_API_KEY', async () => {
    const res = await h.http().post('/api/v1/trade/buy').set('x-api-key', `${bank.apiKey}x`).set('x-idempotency-key', randomUUID()).send(valid);
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('INVALID_API_KEY');
  });

  it('a revoked API key: 401 INVALID_API_KEY', async () => {
    const revoked = await h.createBank();
    await h.prisma.apiKey.updateMany({ where: { bankId: revoked.id }, data: { revokedAt: new Date() } });
    const res = await h.balances(revoked, 'payer');
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('INVALID_API_KEY');
  });

  it('no idempotency key: 400 MISSING_IDEMPOTENCY_KEY', async () => {
    const res = await h.http().post('/api/v1/trade/buy').set('x-api-key', bank.apiKey).send(valid);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('MISSING_IDEMPOTENCY_KEY');
  });

  it.each(['not-a-uuid', '12345', `${randomUUID()}x`])('a malformed idempotency key %s: 400 INVALID_IDEMPOTENCY_KEY', async (key) => {
    const res = await h.buy(bank, valid, key);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it.each([
    ['amount with 3 decimals', { ...valid, amount: '10.001' }],
    ['negative amount', { ...valid, amount: '-10.00' }],
    ['amount in exponent notation', { ...valid, amount: '1e2' }],
    ['amount as a JSON number', { ...valid, amount: 10 }],
    ['amount with spaces', { ...valid, amount: ' 10.00' }],
    ['amount with unicode digits', { ...valid, amount: '١٠' }],
    ['missing amount', { bankUserId: 'payer', currency: 'AZN' }],
    ['currency USDT on a buy', { ...valid, currency: 'USDT' }],
    ['an unknown field', { ...valid, extra: 1 }],
    ['a bankUserId with a slash', { ...valid, bankUserId: 'a/b' }],
  ])('%s: 400 VALIDATION_ERROR', async (_, body) => {
    const before = await h.prisma.transaction.count({ where: { bankId: bank.id } });
    const res = await h.buy(bank, body);
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.errorCode).toBe('VALIDATION_ERROR');
    expect(typeof res.body.message).toBe('string');
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id } })).toBe(before);
  });

  it('malformed JSON: 400 MALFORMED_JSON', async () => {
    const res = await h
      .http()
      .post('/api/v1/trade/buy')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .set('content-type', 'application/json')
      .send('{"bankUserId": "payer",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, errorCode: 'MALFORMED_JSON', message: 'The request body is not valid JSON.', retryable: false });
  });

  it('JSON in an unsupported charset: 415 UNSUPPORTED_MEDIA_TYPE, not a 500', async () => {
    const res = await h
      .http()
      .post('/api/v1/trade/buy')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .set('content-type', 'application/json; charset=klingon')
      .send(JSON.stringify(valid));
    expect(res.status).toBe(415);
    expect(res.body.errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the size limit: 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await h.buy(bank, { ...valid, bankUserId: 'x'.repeat(20000) });
    expect(res.status).toBe(413);
    expect(res.body.errorCode).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unknown route: 404 NOT_FOUND in the same envelope', async () => {
    const res = await h.http().get('/api/v1/nope').set('x-api-key', bank.apiKey);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, errorCode: 'NOT_FOUND', message: 'No such endpoint.', retryable: false });
  });
});
