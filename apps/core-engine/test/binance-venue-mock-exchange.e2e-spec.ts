import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { startStdoutCapture } from '../../../test/support/capture-stdout';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { TEST_BINANCE_API_KEY, TEST_BINANCE_API_SECRET } from '../../../test/support/mock-exchange-harness';

// Mid 1.6847, 150 bps: a buy of 100.00 AZN at 1.7100 gets 58.47 USDT (as buy.e2e-spec.ts).
const MID = '1.6847';

/**
 * The binance venue end to end against the Mock Exchange's /api/v3 (the whole buy, sell and
 * reconciliation suites also run this way with EXCHANGE_VENUE=binance): what only this venue
 * does. Logs at debug level from both apps are read for the key and the secret.
 */
describe('EXCHANGE_VENUE=binance against the Mock Exchange /api/v3', () => {
  let h: CoreHarness;
  let bank: TestBank;
  const capture = startStdoutCapture();

  beforeAll(async () => {
    h = await CoreHarness.start(
      { EXCHANGE_VENUE: 'binance', LOG_LEVEL: 'debug' },
      { LOG_LEVEL: 'debug', MOCK_EXCHANGE_BINANCE_MIN_NOTIONAL: '5.00' },
    );
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: MID });
    bank = await h.createBank();
  });

  afterEach(async () => {
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    capture.stop();
    await h.stop();
  });

  async function fundedUser(amount = '100.00'): Promise<string> {
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(bank, user, amount)).status).toBe(201);
    return user;
  }

  it('buys over /api/v3 (bookTicker, a signed order), into the book the literal routes read', async () => {
    const user = await fundedUser();
    h.exchange.calls.length = 0;
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'COMPLETED', cryptoAmount: '58.47', exchangeRate: '1.7100' });
    expect(h.exchange.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v3/ticker/bookTicker', 'POST /api/v3/order']);
    expect(await h.exchange.findOrder(res.body.data.transactionId)).toMatchObject({
      status: 'FILLED',
      executedQty: '58.47',
      executedPrice: '1.6847',
      side: 'BUY',
    });
    const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
    expect(row.executedPrice?.toFixed(8)).toBe('1.68470000');
  });

  it('refuses an order under the symbol minNotional with AMOUNT_NOT_TRADABLE before anything is written', async () => {
    const user = await fundedUser();
    const res = await h.buy(bank, { bankUserId: user, amount: '5.00', currency: 'AZN' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ success: false, errorCode: 'AMOUNT_NOT_TRADABLE', retryable: false });
    expect(await h.prisma.transaction.count({ where: { bankId: bank.id } })).toBe(1);
    expect(await h.accounts(bank, user)).toMatchObject({ AZN: { balance: '100.00000000', locked: '0.00000000' } });
  });

  it('a partial fill (EXPIRED with executedQty > 0) is never voided: the trade stays PENDING with its hold', async () => {
    const user = await fundedUser();
    await h.exchange.setBinanceFaults({ fill: 'PARTIAL' });
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(res.status).toBe(202);
    expect(res.body.data.status).toBe('PENDING');
    expect(await h.accounts(bank, user)).toMatchObject({ AZN: { balance: '100.00000000', locked: '100.00000000' } });
    await h.reconcile({ bankId: bank.id });
    const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId } });
    expect(row.status).toBe('PENDING');
  });

  it('nothing filled (EXPIRED, executedQty 0): the trade FAILS with INSUFFICIENT_LIQUIDITY, the hold released', async () => {
    const user = await fundedUser();
    await h.exchange.setBinanceFaults({ fill: 'EXPIRED' });
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(res.body).toMatchObject({ success: false, errorCode: 'INSUFFICIENT_LIQUIDITY' });
    expect(await h.accounts(bank, user)).toMatchObject({ AZN: { balance: '100.00000000', locked: '0.00000000' } });
  });

  it('a server clock gone 3 s behind: the order it refuses (-1021) fails safely, the clock is measured again, the next trade fills', async () => {
    const user = await fundedUser('200.00');
    await h.exchange.setBinanceFaults({ clockOffsetMs: -3000 });
    const first = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(first.body).toMatchObject({ success: false, errorCode: 'INSUFFICIENT_LIQUIDITY' });
    expect(await h.exchange.findOrder(first.body.transactionId as string)).toBeNull();
    const second = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(second.status).toBe(201);
    expect(second.body.data.status).toBe('COMPLETED');
  });

  it('a 429 with Retry-After: no trade is priced or placed, and nothing is sent to the exchange while it lasts', async () => {
    const user = await fundedUser();
    await h.exchange.setBinanceFaults({ rateLimit: { status: 429, retryAfterSeconds: 3600 } });
    const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(res.status).toBe(503);
    await h.exchange.setBinanceFaults({ rateLimit: null });
    h.exchange.calls.length = 0;
    const again = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
    expect(again.status).toBe(503);
    expect(h.exchange.calls).toEqual([]);
    expect(await h.accounts(bank, user)).toMatchObject({ AZN: { balance: '100.00000000', locked: '0.00000000' } });
  });

  it('no log line of either app carries the API key or the secret', () => {
    const { text } = capture.read();
    // The logs were written: the buys above are in them.
    expect(text).toContain('/api/v3/order');
    expect(text).not.toContain(TEST_BINANCE_API_SECRET);
    expect(text).not.toContain(TEST_BINANCE_API_KEY);
  });
});
