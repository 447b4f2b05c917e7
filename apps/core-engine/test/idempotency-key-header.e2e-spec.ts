import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// The IETF draft's Idempotency-Key is an alias of x-idempotency-key (issue 15, section 5), and
// stored error answers replay with the same retryable/transactionId (section 1).
describe('Idempotency-Key, the alias of x-idempotency-key, and stored error answers', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.6847' });
    bank = await h.createBank();
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  const depositWith = (headers: Record<string, string>, bankUserId: string, amount = '10.00') => {
    let req = h.http().post('/api/v1/funding/deposit').set('x-api-key', bank.apiKey);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.send({ bankUserId, amount, currency: 'AZN' });
  };

  it('carries the key alone; a retry under x-idempotency-key (other case) replays the same answer, and the money moves once', async () => {
    const key = randomUUID();
    const first = await depositWith({ 'Idempotency-Key': key }, 'alias_1');
    expect(first.status).toBe(201);
    const again = await depositWith({ 'x-idempotency-key': key.toUpperCase() }, 'alias_1');
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, idempotencyKey: key } })).toBe(1);
    expect((await h.accounts(bank, 'alias_1')).AZN.balance).toBe('10.00000000');
  });

  it('is accepted beside x-idempotency-key when both carry the same key', async () => {
    const key = randomUUID();
    const res = await depositWith({ 'Idempotency-Key': key, 'x-idempotency-key': key }, 'alias_2');
    expect(res.status).toBe(201);
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id, idempotencyKey: key } })).toBe(1);
  });

  it('two different keys: 400 IDEMPOTENCY_KEY_CONFLICT, not retryable, nothing written', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const res = await depositWith({ 'Idempotency-Key': a, 'x-idempotency-key': b }, 'alias_3');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      errorCode: 'IDEMPOTENCY_KEY_CONFLICT',
      message: 'Idempotency-Key and x-idempotency-key carry different keys; send one key.',
      retryable: false,
    });
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id } })).toBe(0);
  });

  it('follows the same rules: a malformed alias is 400 INVALID_IDEMPOTENCY_KEY, none at all 400 MISSING_IDEMPOTENCY_KEY', async () => {
    const malformed = await depositWith({ 'Idempotency-Key': 'not-a-uuid' }, 'alias_4');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errorCode: 'INVALID_IDEMPOTENCY_KEY', retryable: false });
    const none = await depositWith({}, 'alias_4');
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ errorCode: 'MISSING_IDEMPOTENCY_KEY', retryable: false });
  });

  it('is taken by trades too: a buy under Idempotency-Key replays under x-idempotency-key', async () => {
    expect((await depositWith({ 'Idempotency-Key': randomUUID() }, 'alias_5', '100.00')).status).toBe(201);
    const key = randomUUID();
    const body = { bankUserId: 'alias_5', amount: '10.00', currency: 'AZN' };
    const buy = await h.http().post('/api/v1/trade/buy').set('x-api-key', bank.apiKey).set('Idempotency-Key', key).send(body);
    expect(buy.status).toBe(201);
    const replay = await h.buy(bank, body, key);
    expect(replay.text).toBe(buy.text);
    expect((await h.accounts(bank, 'alias_5')).AZN.balance).toBe('90.00000000');
  });

  it('a stored error answer replays as stored; one stored before retryable existed gets retryable false and its transaction id, and one stored before retryable existed gets retryable false and its transaction id', async () => {
    expect((await h.deposit(bank, 'stored_1', '100.00')).status).toBe(201);
    await h.exchange.setFaults({ liquidityLimit: '1' });
    const key = randomUUID();
    const body = { bankUserId: 'stored_1', amount: '50.00', currency: 'AZN' };
    const failed = await h.buy(bank, body, key);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ errorCode: 'INSUFFICIENT_LIQUIDITY', retryable: false, transactionId: expect.any(String) });
    await h.exchange.setFaults({ liquidityLimit: null });
    expect((await h.buy(bank, body, key)).text).toBe(failed.text);

    // The same answer as an older release stored it: without the two fields.
    const legacy = { success: false, errorCode: 'INSUFFICIENT_LIQUIDITY', message: 'The exchange cannot fill this order right now.' };
    await h.prisma.transaction.update({ where: { id: failed.body.transactionId }, data: { responseBody: JSON.stringify(legacy) } });
    const replay = await h.buy(bank, body, key);
    expect(replay.status).toBe(503);
    expect(replay.body).toEqual({ ...legacy, retryable: false, transactionId: failed.body.transactionId });
    expect((await h.accounts(bank, 'stored_1')).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
  });
});
