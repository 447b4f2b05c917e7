import { apiKeyPrefix, generateApiKey, hashApiKey } from '../src/auth/api-key-hash';
import { captureStdout } from '../../../test/support/capture-stdout';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

describe('security', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start({ RATE_LIMIT_PER_SECOND: '5' });
    bank = await h.createBank();
    expect((await h.deposit(bank, 'owner', '100.00')).status).toBe(201);
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await h.stop();
  });

  // Each test waits out the previous one's rate-limit window.
  beforeEach(() => new Promise((r) => setTimeout(r, 1100)));

  it('limits the requests of one API key, with 429 RATE_LIMITED and Retry-After, and leaves other keys alone', async () => {
    // One burst, well inside one second even on a loaded machine.
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.balances(bank, 'owner')));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(5);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0].body.errorCode).toBe('RATE_LIMITED');
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const other = await h.createBank();
    expect((await h.balances(other, 'owner')).status).toBe(404);
  });

  it('sends the standard security headers and hides the framework', async () => {
    const res = await h.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('two active keys per bank rotate without downtime; a revoked key stops working', async () => {
    const second = generateApiKey();
    await h.prisma.apiKey.create({ data: { bankId: bank.id, keyHash: hashApiKey(second), prefix: apiKeyPrefix(second), label: 'rotation' } });
    expect((await h.balances(bank, 'owner')).status).toBe(200);
    expect((await h.balances({ ...bank, apiKey: second }, 'owner')).status).toBe(200);
    await h.prisma.apiKey.updateMany({ where: { bankId: bank.id, keyHash: hashApiKey(bank.apiKey) }, data: { revokedAt: new Date() } });
    expect((await h.balances(bank, 'owner')).status).toBe(401);
    expect((await h.balances({ ...bank, apiKey: second }, 'owner')).status).toBe(200);
    bank = { ...bank, apiKey: second };
  });

  it("bank A can read or trade neither bank B's users, quotes nor transactions", async () => {
    const a = await h.createBank();
    const b = await h.createBank();
    expect((await h.deposit(b, 'bee', '50.00')).status).toBe(201);
    const quote = await h.http().post('/api/v1/trade/quote').set('x-api-key', b.apiKey).send({ bankUserId: 'bee', side: 'BUY', amount: '10.00', currency: 'AZN' });
    expect(quote.status).toBe(201);
    const txId = (await h.prisma.transaction.findFirstOrThrow({ where: { bankId: b.id } })).id;
    await new Promise((r) => setTimeout(r, 1100));

    expect((await h.balances(a, 'bee')).status).toBe(404);
    expect((await h.http().get(`/api/v1/transactions/${txId}`).set('x-api-key', a.apiKey)).status).toBe(404);
    expect((await h.buy(a, { bankUserId: 'bee', amount: '10.00', currency: 'AZN' })).status).toBe(404);
    expect((await h.deposit(a, 'bee', '1.00')).status).toBe(201); // a's own, new user "bee"
    const useQuote = await h.buy(a, { bankUserId: 'bee', quoteId: quote.body.data.quoteId, amount: '1.00', currency: 'AZN' });
    expect(useQuote.status).toBe(404);
    expect(useQuote.body.errorCode).toBe('QUOTE_NOT_FOUND');
    expect((await h.accounts(b, 'bee')).AZN.balance).toBe('50.00000000');
  });

  it('writes neither API keys nor webhook secrets to the logs', async () => {
    const logged = await captureStdout(async () => {
      const quiet = await CoreHarness.start({ LOG_LEVEL: 'log' });
      try {
        // The bank's webhook secret also signs its acknowledgements.
        const k = await quiet.createBank({ webhookUrl: 'http://127.0.0.1:9/hook' });
        await quiet.deposit(k, 'logged', '10.00');
        const buy = await quiet
          .buy(k, { bankUserId: 'logged', amount: '5.00', currency: 'AZN' })
          .set('authorization', `Bearer ${k.apiKey}`)
          .set('cookie', `session=${k.apiKey}`);
        await quiet.buy({ ...k, apiKey: `${k.apiKey}wrong` }, { bankUserId: 'logged', amount: '5.00', currency: 'AZN' });
        return { secrets: [k.apiKey, quiet.bankSide.secret], requestId: buy.headers['x-request-id'] };
      } finally {
        await quiet.stop();
      }
    });
    // JSON lines: the request's own closing line and its trade line, by its request id.
    const ofBuy = logged.lines.filter((l) => l.requestId === logged.result.requestId);
    expect(ofBuy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'trade', status: 'COMPLETED' }),
        expect.objectContaining({ msg: 'request completed', req: { method: 'POST', url: '/api/v1/trade/buy' } }),
      ]),
    );
    for (const secret of logged.result.secrets) expect(logged.text).not.toContain(secret);
  });

  it('serves GET /metrics without an API key and outside the rate limit', async () => {
    const scrapes = await Promise.all(Array.from({ length: 8 }, () => h.http().get('/metrics')));
    expect(scrapes.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(scrapes[0].text).toContain('# TYPE trades_total counter');
  });
});
