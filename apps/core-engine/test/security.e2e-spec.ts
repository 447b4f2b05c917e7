import { PrismaService } from '@app/database';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../src/auth/api-key-hash';
import { ApiKeyService } from '../src/auth/api-key.service';
import { metricsUrl } from '../../../test/support/prometheus-text';
import { captureStdout } from '../../../test/support/capture-stdout';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

describe('security', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    // Per bank 5/s; per client address (every test request comes from 127.0.0.1) 20/s.
    // Background metrics refresh rarely, so a scrape that queried would show.
    h = await CoreHarness.start({ RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_PER_ADDRESS_PER_SECOND: '20', METRICS_REFRESH_MS: '600000' });
    bank = await h.createBank();
    expect((await h.deposit(bank, 'owner', '100.00')).status).toBe(201);
  });

  afterAll(async () => {
    await expectLedgerInvariants();
    await h.stop();
  });

  // Each test waits out the previous one's rate-limit window.
  beforeEach(() => new Promise((r) => setTimeout(r, 1100)));

  it('limits the requests of one bank, with 429 RATE_LIMITED and Retry-After, and leaves other banks alone', async () => {
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

  it("a bank's two keys share its budget: a second key is no way around the limit", async () => {
    const second = generateApiKey();
    await h.prisma.apiKey.create({ data: { bankId: bank.id, keyHash: hashApiKey(second), prefix: apiKeyPrefix(second), label: 'second' } });
    await new Promise((r) => setTimeout(r, 1100));
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => h.balances(i % 2 ? { ...bank, apiKey: second } : bank, 'owner')));
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(3);
  });

  it('limits one client address before authentication: made-up keys cannot get around it, and are limited before any lookup', async () => {
    const service = h.app.get(ApiKeyService);
    const authenticate = jest.spyOn(service, 'authenticate');
    try {
      // Each request with a key of its own, as an attacker would send them.
      const answers = await Promise.all(Array.from({ length: 30 }, () => h.balances({ ...bank, apiKey: generateApiKey() }, 'owner')));
      const codes = answers.map((a) => a.body.errorCode as string);
      expect(codes.filter((c) => c === 'INVALID_API_KEY').length).toBeLessThanOrEqual(20);
      expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(10);
      // A limited request never reached the key lookup.
      expect(authenticate.mock.calls.length).toBe(codes.filter((c) => c === 'INVALID_API_KEY').length);
    } finally {
      authenticate.mockRestore();
    }
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
    const quote = await h
      .http()
      .post('/api/v1/trade/quote')
      .set('x-api-key', b.apiKey)
      .send({ bankUserId: 'bee', side: 'BUY', amount: '10.00', currency: 'AZN' });
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

  it('serves GET /metrics on its own port, not on the API port, outside the rate limit', async () => {
    const onApi = await h.http().get('/metrics');
    expect(onApi.status).toBe(404);
    expect(onApi.body.errorCode).toBe('NOT_FOUND');
    const url = await metricsUrl(h.app);
    const scrapes = await Promise.all(Array.from({ length: 30 }, () => fetch(url)));
    expect(scrapes.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(await scrapes[0].text()).toContain('# TYPE trades_total counter');
  });

  it('a scrape makes no database query: outbox_backlog is refreshed in the background', async () => {
    const prisma = h.app.get(PrismaService);
    // The backlog's query (the outbox dispatcher's own polling goes on meanwhile, by $queryRaw).
    const groupBy = jest.spyOn(prisma.outboxEvent, 'groupBy');
    try {
      const url = await metricsUrl(h.app);
      for (let i = 0; i < 5; i++) expect(await (await fetch(url)).text()).toContain('# TYPE outbox_backlog gauge');
      expect(groupBy).not.toHaveBeenCalled();
    } finally {
      groupBy.mockRestore();
    }
  });
});
