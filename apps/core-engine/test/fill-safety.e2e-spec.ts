import { randomUUID } from 'node:crypto';
import { OrderResponse } from '@app/shared-types';
import { ExchangeClient } from '../src/exchange';
import { Decimal } from '../src/money';
import { ResolveTradeUseCase } from '../src/trade/review/resolve-trade.use-case';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

/**
 * Issue 22, 2.2, 2.5 and 2.9, on the real PostgreSQL with a real Mock Exchange: a partly
 * executed order is never voided; exchange numbers with more decimals than the columns keep
 * neither fail a trade nor a fill; a fill priced outside FILL_PRICE_BAND_BPS goes to review.
 * A trade sent to review stays PENDING (202) with its hold, and nothing is posted.
 */
describe('exchange answers that must not be posted as they are, nor voided', () => {
  let h: CoreHarness;
  let bank: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start({ FILL_PRICE_BAND_BPS: '500' });
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: '1.7000' });
    bank = await h.createBank();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  async function fundedUser(amount = '100.00'): Promise<string> {
    const user = `user_${randomUUID().slice(0, 8)}`;
    expect((await h.deposit(bank, user, amount)).status).toBe(201);
    return user;
  }

  /** The trade is PENDING under review for `reason`, its hold of 40.00 AZN intact, nothing posted. */
  async function expectUnderReview(id: string, user: string, reason: string | RegExp) {
    const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id }, include: { holds: true } });
    expect(row.status).toBe('PENDING');
    expect(row.reviewReason).toEqual(typeof reason === 'string' ? reason : expect.stringMatching(reason));
    expect(row.holds.map((x) => x.status)).toEqual(['PENDING']);
    expect(await h.prisma.ledger.count({ where: { transactionId: id } })).toBe(0);
    expect(await h.accounts(bank, user)).toEqual({
      AZN: { balance: '100.00000000', locked: '40.00000000' },
      USDT: { balance: '0.00000000', locked: '0.00000000' },
    });
  }

  describe('2.2: an order the exchange ended after executing part of it', () => {
    it('the buy: EXPIRED with executedQty 10.00 of 23.18 answers 202 PENDING under review, not 503 FAILED; the hold stays', async () => {
      const user = await fundedUser();
      await h.exchange.setFaults({ partialFill: '10.00' });
      const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
      expect(res.status).toBe(202);
      expect(res.body.data).toMatchObject({ status: 'PENDING', cryptoAmount: '23.18' });
      const id = res.body.data.transactionId as string;
      const order = (await h.exchange.findOrder(id)) as OrderResponse;
      expect(order).toMatchObject({ status: 'EXPIRED', executedQty: '10.00' });
      await expectUnderReview(id, user, `the exchange filled 10 of 23.18 USDT (order ${order.orderId})`);
      // The reconciler skips it: only an operator settles the house's 10 USDT with the trade.
      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });
    });

    it('the reconciler (findOrder): a PENDING trade whose order the exchange ended in part is marked for review, not failed', async () => {
      const { user, id } = await h.pendingBuy(bank);
      await h.exchange.setFaults({ partialFill: '5.00' });
      const placed = await fetch(`${h.exchange.url}/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'AZNUSDT', side: 'BUY', quantity: '23.18', type: 'MARKET', clientOrderId: id }),
      });
      const order = (await placed.json()) as OrderResponse;
      expect(order).toMatchObject({ status: 'EXPIRED', executedQty: '5.00' });

      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1, failed: 0 });
      await expectUnderReview(id, user, `the exchange filled 5 of 23.18 USDT (order ${order.orderId})`);
    });

    it('the reconciler: an ended order whose executed quantity cannot be read is marked for review at once', async () => {
      const { user, id } = await h.pendingBuy(bank);
      const answer = { orderId: 'ex_1', status: 'CANCELED', executedPrice: '1.7000', executedQty: 'unknown' };
      jest.spyOn(h.app.get(ExchangeClient), 'findOrder').mockResolvedValue({
        kind: 'unknown',
        reason: `order status CANCELED with an executed quantity that cannot be posted: ${JSON.stringify(answer)}`,
        answered: true,
        review: 'partial_fill',
      });
      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1, failed: 0 });
      await expectUnderReview(id, user, /^order status CANCELED with an executed quantity that cannot be posted/);
    });

    it('EXPIRED with nothing executed is still a rejection: 503 INSUFFICIENT_LIQUIDITY ORDER_REJECTED, FAILED, hold released', async () => {
      const user = await fundedUser();
      jest.spyOn(h.app.get(ExchangeClient), 'placeOrder').mockResolvedValue({ kind: 'rejected', reason: 'order status EXPIRED, nothing executed' });
      const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ errorCode: 'INSUFFICIENT_LIQUIDITY', retryable: false, reason: 'ORDER_REJECTED' });
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
    });
  });

  describe('2.5: exchange numbers with more decimals than the columns keep', () => {
    it('a ticker price with 9 decimals: the buy trades (201), the market price rounded UP to 8 decimals, a sell rounded DOWN', async () => {
      const user = await fundedUser();
      jest.spyOn(h.app.get(ExchangeClient), 'ticker').mockResolvedValue({ price: new Decimal('1.700000001'), timestamp: 0 });
      const buy = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
      expect(buy.status).toBe(201);
      // 1.70000001 x 1.015 = 1.7255000101..., rounded up to 1.7256; 100.00 / 1.7256 = 57.950..., down to 57.95.
      expect(buy.body.data).toMatchObject({ exchangeRate: '1.7256', cryptoAmount: '57.95' });
      const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id: buy.body.data.transactionId as string } });
      expect(row.marketPrice?.toFixed(8)).toBe('1.70000001');

      const sell = await h
        .http()
        .post('/api/v1/trade/sell')
        .set('x-api-key', bank.apiKey)
        .set('x-idempotency-key', randomUUID())
        .send({ bankUserId: user, amount: '10.00', currency: 'USDT' });
      expect(sell.status).toBe(201);
      // 1.70000000 x 0.985 = 1.6745; 10.00 x 1.6745 = 16.745, down to 16.74.
      expect(sell.body.data).toMatchObject({ exchangeRate: '1.6745', fiatAmount: '16.74' });
      const sold = await h.prisma.transaction.findUniqueOrThrow({ where: { id: sell.body.data.transactionId as string } });
      expect(sold.marketPrice?.toFixed(8)).toBe('1.70000000');
    });

    it('a quote at a 9-decimal price is given, and traded at', async () => {
      const user = await fundedUser();
      jest.spyOn(h.app.get(ExchangeClient), 'ticker').mockResolvedValue({ price: new Decimal('1.700000001'), timestamp: 0 });
      const quote = await h
        .http()
        .post('/api/v1/trade/quote')
        .set('x-api-key', bank.apiKey)
        .send({ bankUserId: user, side: 'BUY', amount: '100.00', currency: 'AZN' });
      expect(quote.status).toBe(201);
      expect(quote.body.data).toMatchObject({ exchangeRate: '1.7256', cryptoAmount: '57.95' });
      const buy = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN', quoteId: quote.body.data.quoteId });
      expect(buy.status).toBe(201);
    });

    it('a fill priced with 7 decimals posts (201): the fee rounded down to 8 decimals, the price kept as the exchange gave it', async () => {
      const user = await fundedUser();
      const exchange = h.app.get(ExchangeClient);
      jest.spyOn(exchange, 'placeOrder').mockImplementation(async (_side, quantity) => ({
        kind: 'filled',
        orderId: 'ex_seven_decimals',
        executedPrice: new Decimal('1.7000001'),
        executedQty: quantity,
      }));
      const res = await h.buy(bank, { bankUserId: user, amount: '100.00', currency: 'AZN' });
      expect(res.status).toBe(201);
      const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id: res.body.data.transactionId as string } });
      // 100.00 - 57.95 x 1.7000001 = 100.00 - 98.515005795 = 1.484994205, down to 1.48499420.
      expect(row.feeAmount.toFixed(8)).toBe('1.48499420');
      expect(row.executedPrice?.toFixed(8)).toBe('1.70000010');
      expect(await h.accounts(bank, user)).toEqual({
        AZN: { balance: '0.00000000', locked: '0.00000000' },
        USDT: { balance: '57.95000000', locked: '0.00000000' },
      });
    });

    it('an operator posts a trade under review with the 7-decimal price the exchange reports: 201, not 500', async () => {
      const { user, id } = await h.pendingBuy(bank);
      const fill = { kind: 'filled' as const, orderId: 'ex_seven', executedPrice: new Decimal('1.7000001'), executedQty: new Decimal('10.00') };
      jest.spyOn(h.app.get(ExchangeClient), 'findOrder').mockResolvedValue(fill);
      await h.reconcile({ bankId: bank.id });
      await expectUnderReview(id, user, 'the exchange filled 10 of 23.18 USDT (order ex_seven)');

      const answer = await h.app.get(ResolveTradeUseCase).post({
        transactionId: id,
        operator: 'alice',
        note: 'partial fill, the desk confirmed it',
        exchangeOrderId: 'ex_seven',
        executedPrice: '1.7000001',
        executedQty: '10.00',
      });
      expect(answer.httpStatus).toBe(201);
      const row = await h.prisma.transaction.findUniqueOrThrow({ where: { id } });
      // The customer's trade as agreed: 40.00 - 23.18 x 1.7000001 = 40.00 - 39.406002318 = 0.593997682, down to 0.59399768.
      expect(row).toMatchObject({ status: 'COMPLETED', exchangeOrderId: 'ex_seven' });
      expect(row.feeAmount.toFixed(8)).toBe('0.59399768');
    });
  });

  describe('2.9: a fill priced outside FILL_PRICE_BAND_BPS around the market', () => {
    it.each([
      ['at 0', '0', '0', 10000],
      ['at ten times the market', '17.0000', '17', 90000],
      ['6% above the market (500 bps band)', '1.8020', '1.802', 600],
    ])('the buy: a fill %s answers 202 PENDING under review, nothing posted, the hold intact', async (_name, price, shown, bps) => {
      const user = await fundedUser();
      jest.spyOn(h.app.get(ExchangeClient), 'placeOrder').mockImplementation(async (_side, quantity) => ({
        kind: 'filled',
        orderId: 'ex_band',
        executedPrice: new Decimal(price),
        executedQty: quantity,
      }));
      const res = await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' });
      expect(res.status).toBe(202);
      expect(res.body.data.status).toBe('PENDING');
      await expectUnderReview(
        res.body.data.transactionId as string,
        user,
        `the exchange filled at ${shown} AZN per USDT (order ex_band), ${bps} bps from the market price 1.7, outside the 500 bps band`,
      );
    });

    it('a fill within the band (5% above) posts', async () => {
      const user = await fundedUser();
      jest.spyOn(h.app.get(ExchangeClient), 'placeOrder').mockImplementation(async (_side, quantity) => ({
        kind: 'filled',
        orderId: 'ex_in_band',
        executedPrice: new Decimal('1.7850'),
        executedQty: quantity,
      }));
      expect((await h.buy(bank, { bankUserId: user, amount: '40.00', currency: 'AZN' })).status).toBe(201);
    });

    it('the reconciler: a found fill at ten times the market is marked for review, not posted', async () => {
      const { user, id } = await h.pendingBuy(bank);
      jest
        .spyOn(h.app.get(ExchangeClient), 'findOrder')
        .mockResolvedValue({ kind: 'filled', orderId: 'ex_jump', executedPrice: new Decimal('17.0000'), executedQty: new Decimal('23.18') });
      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 1, stillPending: 1, completed: 0 });
      await expectUnderReview(
        id,
        user,
        'the exchange filled at 17 AZN per USDT (order ex_jump), 90000 bps from the market price 1.7, outside the 500 bps band',
      );
      expect(await h.reconcile({ bankId: bank.id })).toMatchObject({ examined: 0 });
    });
  });
});
