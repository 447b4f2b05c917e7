import { randomUUID } from 'node:crypto';
import { Clock } from '../src/clock';
import { Decimal } from '../src/money';
import { AcknowledgingBank } from '../../../test/support/acknowledging-bank';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// Mid 1.6847: buy rate 1.6847 x 1.015 -> 1.7100, sell rate 1.6847 x 0.985 = 1.6594295 -> 1.6594.
const MID = '1.6847';

describe('quotes, sells and withdrawals', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: MID });
    h.bankSide.mode = 'acknowledge';
    bank = await h.createBank();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  const newUser = () => `user_${randomUUID().slice(0, 8)}`;
  const post = (path: string, body: object, key: string | null = randomUUID(), as: TestBank = bank) => {
    const req = h.http().post(path).set('x-api-key', as.apiKey);
    if (key) req.set('x-idempotency-key', key);
    return req.send(body);
  };
  const quote = (user: string, side: 'BUY' | 'SELL', amount: string, as: TestBank = bank) =>
    post('/api/v1/trade/quote', { bankUserId: user, side, amount, currency: side === 'BUY' ? 'AZN' : 'USDT' }, null, as);

  async function userWith(azn: string, usdtFromAzn?: string): Promise<string> {
    const user = newUser();
    expect((await h.deposit(bank, user, azn)).status).toBe(201);
    if (usdtFromAzn) expect((await h.buy(bank, { bankUserId: user, amount: usdtFromAzn, currency: 'AZN' })).status).toBe(201);
    return user;
  }

  describe('quotes', () => {
    it('answers a firm price with its expiry', async () => {
      const user = await userWith('100.00');
      const now = new Date('2026-11-26T10:00:00.000Z');
      jest.spyOn(h.app.get(Clock), 'now').mockReturnValue(now);
      const res = await quote(user, 'BUY', '100.00');
      expect(res.status).toBe(201);
      expect(res.body.success).toBe(true);
      expect(res.body.data).toEqual({
        quoteId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        side: 'BUY',
        exchangeRate: '1.7100',
        amount: '100.00',
        cryptoAmount: '58.47',
        spreadBps: 150,
        expiresAt: '2026-11-26T10:00:15.000Z',
        fiatAmount: '100.00',
        currency: 'AZN',
      });
    });

    it('a buy on a quote trades at the quoted rate while the market stays within tolerance', async () => {
      const user = await userWith('100.00');
      const q = await quote(user, 'BUY', '100.00');
      // +0.4% against the house: inside the default 50 bps tolerance.
      await h.exchange.reset({ mid: '1.6914' });
      const res = await h.buy(bank, { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'COMPLETED', exchangeRate: '1.7100', cryptoAmount: '58.47' });
      const stored = await h.prisma.quote.findUniqueOrThrow({ where: { id: q.body.data.quoteId } });
      expect(stored.transactionId).toBe(res.body.data.transactionId);
    });

    it('one quote, one trade: a second use answers 409 QUOTE_ALREADY_USED', async () => {
      const user = await userWith('300.00');
      const q = await quote(user, 'BUY', '100.00');
      const body = { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' };
      expect((await h.buy(bank, body)).status).toBe(201);
      const again = await h.buy(bank, body);
      expect(again.status).toBe(409);
      expect(again.body.errorCode).toBe('QUOTE_ALREADY_USED');
      expect((await h.accounts(bank, user)).AZN.balance).toBe('200.00000000');
    });

    it('one quote, one trade, also when five trades race for it', async () => {
      const user = await userWith('1000.00');
      const q = await quote(user, 'BUY', '100.00');
      const body = { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' };
      const answers = await Promise.all(Array.from({ length: 5 }, () => h.buy(bank, body)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.errorCode === 'QUOTE_ALREADY_USED')).toBe(true);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '900.00000000', locked: '0.00000000' });
    });

    it('an expired quote answers 410 QUOTE_EXPIRED and nothing moves', async () => {
      const user = await userWith('100.00');
      const clock = h.app.get(Clock);
      const t0 = new Date();
      jest.spyOn(clock, 'now').mockReturnValue(t0);
      const q = await quote(user, 'BUY', '100.00');
      jest.spyOn(clock, 'now').mockReturnValue(new Date(t0.getTime() + 15_000));
      const res = await h.buy(bank, { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' });
      expect(res.status).toBe(410);
      expect(res.body).toEqual({
        success: false,
        errorCode: 'QUOTE_EXPIRED',
        message: 'The quote has expired; request a new one.',
        retryable: false,
      });
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    });

    it("another user's or another bank's quote answers 404 QUOTE_NOT_FOUND", async () => {
      const owner = await userWith('100.00');
      const other = await userWith('100.00');
      const q = await quote(owner, 'BUY', '100.00');
      const mine = await h.buy(bank, { bankUserId: other, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' });
      expect(mine.status).toBe(404);
      expect(mine.body.errorCode).toBe('QUOTE_NOT_FOUND');

      const otherBank = await h.createBank();
      expect((await h.deposit(otherBank, owner, '100.00')).status).toBe(201);
      const theirs = await h.buy(otherBank, { bankUserId: owner, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' });
      expect(theirs.status).toBe(404);
      expect(theirs.body.errorCode).toBe('QUOTE_NOT_FOUND');
    });

    it('a trade that does not match its quote answers 422 QUOTE_MISMATCH', async () => {
      const user = await userWith('200.00');
      const q = await quote(user, 'BUY', '100.00');
      const res = await h.buy(bank, { bankUserId: user, quoteId: q.body.data.quoteId, amount: '150.00', currency: 'AZN' });
      expect(res.status).toBe(422);
      expect(res.body.errorCode).toBe('QUOTE_MISMATCH');
      const sell = await post('/api/v1/trade/sell', { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'USDT' });
      expect(sell.status).toBe(422);
      expect(sell.body.errorCode).toBe('QUOTE_MISMATCH');
    });

    it('the market jumps against the house beyond tolerance: 409 SLIPPAGE_EXCEEDED, nothing moves, the quote stays unused', async () => {
      const user = await userWith('100.00');
      const q = await quote(user, 'BUY', '100.00');
      await h.exchange.setFaults({ priceJump: '0.01' });
      const res = await h.buy(bank, { bankUserId: user, quoteId: q.body.data.quoteId, amount: '100.00', currency: 'AZN' });
      expect(res.status).toBe(409);
      expect(res.body.errorCode).toBe('SLIPPAGE_EXCEEDED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect((await h.prisma.quote.findUniqueOrThrow({ where: { id: q.body.data.quoteId } })).transactionId).toBeNull();
      expect(await h.prisma.transaction.count({ where: { bankId: bank.id, type: 'BUY' } })).toBe(0);
    });

    it('a sell quote protects against the market falling', async () => {
      const user = await userWith('100.00', '100.00');
      const q = await quote(user, 'SELL', '50.00');
      expect(q.body.data).toMatchObject({ side: 'SELL', exchangeRate: '1.6594', cryptoAmount: '50.00', fiatAmount: '82.97', currency: 'USDT' });
      await h.exchange.setFaults({ priceJump: '-0.01' });
      const res = await post('/api/v1/trade/sell', { bankUserId: user, quoteId: q.body.data.quoteId, amount: '50.00', currency: 'USDT' });
      expect(res.status).toBe(409);
      expect(res.body.errorCode).toBe('SLIPPAGE_EXCEEDED');
      await h.exchange.setFaults({ priceJump: '0' });
      const ok = await post('/api/v1/trade/sell', { bankUserId: user, quoteId: q.body.data.quoteId, amount: '50.00', currency: 'USDT' });
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({ fiatAmount: '82.97', exchangeRate: '1.6594' });
    });

    it('refuses a quote whose currency does not fit its side', async () => {
      const user = await userWith('10.00');
      const res = await post('/api/v1/trade/quote', { bankUserId: user, side: 'SELL', amount: '10.00', currency: 'AZN' }, null);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('VALIDATION_ERROR');
    });
  });

  describe('sell', () => {
    it('sells USDT at market minus the spread, rounded down, with the four mirrored rows', async () => {
      const user = await userWith('100.00', '100.00'); // 58.47 USDT
      const res = await post('/api/v1/trade/sell', { bankUserId: user, amount: '50.00', currency: 'USDT' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        data: {
          transactionId: expect.any(String),
          status: 'COMPLETED',
          cryptoAmount: '50.00',
          cryptoCurrency: 'USDT',
          fiatAmount: '82.97',
          fiatCurrency: 'AZN',
          exchangeRate: '1.6594',
        },
      });
      expect(await h.accounts(bank, user)).toEqual({
        AZN: { balance: '82.97000000', locked: '0.00000000' },
        USDT: { balance: '8.47000000', locked: '0.00000000' },
      });
      const tx = await h.http().get(`/api/v1/transactions/${res.body.data.transactionId}`).set('x-api-key', bank.apiKey);
      expect(tx.body.data.type).toBe('SELL');
      // 50.00 x 1.6847 - 82.97 = 84.235 - 82.97 = 1.265 AZN of spread revenue.
      expect(tx.body.data.feeAmount).toBe('1.26500000');
      expect(
        tx.body.data.ledger.map((r: { accountKind: string; currency: string; amount: string }) => [r.accountKind, r.currency, r.amount]),
      ).toEqual([
        ['USER', 'USDT', '-50.00000000'],
        ['OMNIBUS', 'USDT', '50.00000000'],
        ['OMNIBUS', 'AZN', '-82.97000000'],
        ['USER', 'AZN', '82.97000000'],
      ]);
      expect(await h.exchange.findOrder(res.body.data.transactionId)).toMatchObject({ side: 'SELL', executedQty: '50.00' });
    });

    it('refuses a sell above the USDT balance with INSUFFICIENT_FUNDS', async () => {
      const user = await userWith('100.00', '100.00');
      const res = await post('/api/v1/trade/sell', { bankUserId: user, amount: '58.48', currency: 'USDT' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ success: false, errorCode: 'INSUFFICIENT_FUNDS', message: 'User USDT balance is too low.', retryable: false });
      expect((await h.accounts(bank, user)).USDT).toEqual({ balance: '58.47000000', locked: '0.00000000' });
    });

    it('is idempotent like the buy', async () => {
      const user = await userWith('100.00', '100.00');
      const key = randomUUID();
      const body = { bankUserId: user, amount: '10.00', currency: 'USDT' };
      const first = await post('/api/v1/trade/sell', body, key);
      const again = await post('/api/v1/trade/sell', body, key);
      expect(again.status).toBe(first.status);
      expect(again.text).toBe(first.text);
      expect((await post('/api/v1/trade/sell', { ...body, amount: '11.00' }, key)).body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
      // A buy body under a sell's key is another request too.
      expect((await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' }, key)).body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('withdraw', () => {
    const withdraw = (user: string, amount: string, key?: string) =>
      post('/api/v1/funding/withdraw', { bankUserId: user, amount, currency: 'AZN' }, key ?? randomUUID());

    it('pays AZN back once the bank acknowledges', async () => {
      const user = await userWith('100.00');
      const res = await withdraw(user, '30.00');
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'COMPLETED', amount: '30.00', currency: 'AZN', balance: '70.00' });
      expect(h.bankSide.received.find((a) => a.reference === res.body.data.transactionId)?.operation).toBe('WITHDRAWAL');
      const tx = await h.http().get(`/api/v1/transactions/${res.body.data.transactionId}`).set('x-api-key', bank.apiKey);
      expect(tx.body.data.ledger.map((r: { accountKind: string; amount: string }) => [r.accountKind, r.amount])).toEqual([
        ['USER', '-30.00000000'],
        ['BANK_SETTLEMENT', '30.00000000'],
      ]);
    });

    it('the bank refuses: BANK_REFUSED with the transaction id, the hold is released, nothing leaves', async () => {
      const user = await userWith('100.00');
      h.bankSide.mode = 'refuse';
      const res = await withdraw(user, '30.00');
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ errorCode: 'BANK_REFUSED', retryable: false, transactionId: expect.any(String) });
      expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.transactionId } })).status).toBe('FAILED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    });

    it('the bank is down: BANK_REFUSED, the hold is released, nothing leaves', async () => {
      // A bank of its own whose endpoint goes away after the deposit.
      const ownSide = await AcknowledgingBank.start('own-secret');
      const alone = await h.createBank({ callbackUrl: ownSide.url, webhookSecret: ownSide.secret });
      const user = newUser();
      expect((await h.deposit(alone, user, '50.00')).status).toBe(201);
      await ownSide.close();
      const res = await post('/api/v1/funding/withdraw', { bankUserId: user, amount: '10.00', currency: 'AZN' }, randomUUID(), alone);
      expect(res.status).toBe(502);
      expect(res.body.errorCode).toBe('BANK_REFUSED');
      expect((await h.accounts(alone, user)).AZN).toEqual({ balance: '50.00000000', locked: '0.00000000' });
      const tx = await h.prisma.transaction.findFirstOrThrow({ where: { bankId: alone.id, type: 'WITHDRAWAL' }, include: { holds: true } });
      expect(tx.status).toBe('FAILED');
      expect(tx.holds.map((x) => x.status)).toEqual(['VOIDED']);
    });

    it('the bank answers too late: 502, the hold stays, and a retry with the same key completes it once', async () => {
      const user = await userWith('100.00');
      h.bankSide.mode = 'hang';
      const key = randomUUID();
      const res = await withdraw(user, '40.00', key);
      expect(res.status).toBe(502);
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '40.00000000' });
      h.bankSide.mode = 'acknowledge';
      const retry = await withdraw(user, '40.00', key);
      expect(retry.status).toBe(201);
      expect((await withdraw(user, '40.00', key)).text).toBe(retry.text);
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '60.00000000', locked: '0.00000000' });
    });

    it.each(['garbage', 'other-reference'] as const)(
      'a 2xx that is no refusal of this reference (%s) is unknown: the hold stays (the bank may have paid), and a retry settles it once',
      async (mode) => {
        const user = await userWith('100.00');
        h.bankSide.mode = mode;
        const key = randomUUID();
        const res = await withdraw(user, '25.00', key);
        expect(res.status).toBe(502);
        expect(res.body.errorCode).toBe('BANK_CONNECTION_ERROR');
        const tx = await h.prisma.transaction.findFirstOrThrow({
          where: { bankId: bank.id, type: 'WITHDRAWAL', idempotencyKey: key },
          include: { holds: true },
        });
        expect(tx.status).toBe('PENDING');
        expect(tx.holds.map((x) => x.status)).toEqual(['PENDING']);
        expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '25.00000000' });
        h.bankSide.mode = 'acknowledge';
        expect((await withdraw(user, '25.00', key)).status).toBe(201);
        expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '75.00000000', locked: '0.00000000' });
      },
    );

    it('refuses more than the available balance', async () => {
      const user = await userWith('100.00');
      const res = await withdraw(user, '100.01');
      expect(res.status).toBe(422);
      expect(res.body.errorCode).toBe('INSUFFICIENT_FUNDS');
    });
  });

  it('sells racing buys and withdrawals of one user never overspend, and the books add up', async () => {
    const user = await userWith('1000.00', '300.00'); // 175.43 USDT, 700.00 AZN
    const ops = [
      ...Array.from({ length: 10 }, () => () => h.buy(bank, { bankUserId: user, amount: '50.00', currency: 'AZN' })),
      ...Array.from({ length: 10 }, () => () => post('/api/v1/trade/sell', { bankUserId: user, amount: '20.00', currency: 'USDT' })),
      ...Array.from({ length: 6 }, () => () => post('/api/v1/funding/withdraw', { bankUserId: user, amount: '100.00', currency: 'AZN' })),
    ];
    const answers = await Promise.all(ops.map((op) => op()));
    for (const a of answers) {
      // 202: an exchange call timed out on a loaded machine; reconciliation settles it below.
      // 503: the price itself timed out there (INSUFFICIENT_LIQUIDITY, EXCHANGE_UNAVAILABLE,
      // retryable): nothing was written, which the books below check like any other answer.
      if (![201, 202, 422, 503].includes(a.status)) throw new Error(`unexpected answer ${a.status} ${JSON.stringify(a.body)}`);
      if (a.status === 422) expect(a.body.errorCode).toBe('INSUFFICIENT_FUNDS');
      if (a.status === 503) expect(a.body).toMatchObject({ errorCode: 'INSUFFICIENT_LIQUIDITY', reason: 'EXCHANGE_UNAVAILABLE', retryable: true });
    }
    await h.reconcile({ bankId: bank.id });
    const settled = await h.prisma.transaction.findMany({ where: { bankId: bank.id, user: { bankCustomerId: user } } });
    expect(settled.every((t) => t.status !== 'PENDING')).toBe(true);
    let azn = new Decimal('700.00');
    let usdt = new Decimal('175.43');
    const completed = new Set(settled.filter((t) => t.status === 'COMPLETED').map((t) => t.id));
    answers.forEach((a, i) => {
      if (a.status === 422 || a.status === 503 || !completed.has(a.body.data.transactionId)) return;
      if (i < 10) {
        azn = azn.minus('50.00');
        usdt = usdt.plus(a.body.data.cryptoAmount);
      } else if (i < 20) {
        usdt = usdt.minus('20.00');
        azn = azn.plus(a.body.data.fiatAmount);
      } else azn = azn.minus('100.00');
    });
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: azn.toFixed(8), locked: '0.00000000' },
      USDT: { balance: usdt.toFixed(8), locked: '0.00000000' },
    });
  });
});
