import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';
import { ensureLimits } from '../../../scripts/db/seed-data';
import { Clock } from '../src/clock';
import { InsufficientLiquidityError } from '../src/errors';
import { ExchangeClient } from '../src/exchange';
import { ExecuteOrderUseCase } from '../src/matching/execute-order.use-case';
import { OrderMatcher } from '../src/matching/order-matcher.service';
import { MetricsService } from '../src/metrics';
import { Decimal } from '../src/money';
import { OrderCloser } from '../src/orders/order-closer';

// Mid 1.6847 with the default 150 bps spread: a buy rate of 1.7100, a sell rate of 1.6594.
const MID = '1.6847';

describe('limit and stop orders (issue 24)', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let matcher: OrderMatcher;

  beforeAll(async () => {
    h = await CoreHarness.start();
    matcher = h.app.get(OrderMatcher);
  });

  beforeEach(async () => {
    await h.exchange.reset({ mid: MID });
    bank = await h.createBank({ webhookUrl: h.bankSide.url });
  });

  afterEach(async () => {
    // Orders left OPEN by a test must not execute in the next one (they share the matcher's book).
    const open = await h.prisma.order.findMany({ where: { bankId: bank.id, status: 'OPEN' }, select: { id: true } });
    for (const o of open) await h.app.get(OrderCloser).close({ orderId: o.id, status: 'CANCELLED' });
    await expectLedgerInvariants();
  });

  afterAll(async () => {
    await h.stop();
  });

  async function fundedUser(amount = '100.00'): Promise<string> {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const res = await h.deposit(bank, user, amount);
    expect(res.status).toBe(201);
    return user;
  }

  /** A user holding USDT: a market buy of `azn` AZN at MID (100.00 AZN buys 58.47 USDT). */
  async function userWithUsdt(azn = '100.00'): Promise<string> {
    const user = await fundedUser(azn);
    const res = await h.buy(bank, { bankUserId: user, amount: azn, currency: 'AZN' });
    expect(res.status).toBe(201);
    return user;
  }

  function place(body: Record<string, unknown>, key: string = randomUUID()) {
    return h.http().post('/api/v1/orders').set('x-api-key', bank.apiKey).set('x-idempotency-key', key).send(body);
  }

  function cancel(orderId: string) {
    return h.http().post(`/api/v1/orders/${orderId}/cancel`).set('x-api-key', bank.apiKey).send();
  }

  function getOrder(orderId: string) {
    return h.http().get(`/api/v1/orders/${orderId}`).set('x-api-key', bank.apiKey);
  }

  async function eventTypes(orderId: string): Promise<string[]> {
    const rows = await h.prisma.outboxEvent.findMany({ where: { bankId: bank.id }, orderBy: { createdAt: 'asc' } });
    return rows.filter((r) => (JSON.parse(r.payload) as { data: { orderId?: string } }).data.orderId === orderId).map((r) => r.type);
  }

  const buyLimit = (user: string, limitPrice: string, amount = '100.00') => ({
    bankUserId: user,
    side: 'BUY',
    type: 'LIMIT',
    amount,
    currency: 'AZN',
    limitPrice,
    timeInForce: 'GTC',
  });

  describe('placing, reading, cancelling', () => {
    it('places a BUY LIMIT: 201 OPEN, its AZN held (lockedBalance and available show it), order.placed queued', async () => {
      const user = await fundedUser('150.00');
      const res = await place(buyLimit(user, '1.7000'));
      expect(res.status).toBe(201);
      expect(res.body.success).toBe(true);
      const { data } = res.body;
      expect(data).toMatchObject({
        status: 'OPEN',
        bankUserId: user,
        side: 'BUY',
        type: 'LIMIT',
        amount: '100.00',
        currency: 'AZN',
        limitPrice: '1.7000',
        stopPrice: null,
        timeInForce: 'GTC',
        expiresAt: null,
        transactionId: null,
      });
      expect(await h.accounts(bank, user)).toEqual({
        AZN: { balance: '150.00000000', locked: '100.00000000' },
        USDT: { balance: '0.00000000', locked: '0.00000000' },
      });
      const balances = await h.balances(bank, user);
      expect(balances.body.data.balances.find((b: { currency: string }) => b.currency === 'AZN')).toMatchObject({ available: '50.00' });
      expect(await eventTypes(data.orderId)).toEqual(['order.placed']);

      const read = await getOrder(data.orderId);
      expect(read.status).toBe(200);
      expect(read.body.data).toEqual(data);
    });

    it('replays the same key and body byte for byte; another body with the key is 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const user = await fundedUser('100.00');
      const key = randomUUID();
      const first = await place(buyLimit(user, '1.7000', '40.00'), key);
      const again = await place(buyLimit(user, '1.7000', '40.00'), key);
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
      const other = await place(buyLimit(user, '1.6000', '40.00'), key);
      expect(other.status).toBe(422);
      expect(other.body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await h.prisma.order.count({ where: { bankId: bank.id } })).toBe(1);
      expect((await h.accounts(bank, user)).AZN.locked).toBe('40.00000000');
    });

    it('refuses bad orders with their codes, writing nothing', async () => {
      const user = await fundedUser('100.00');
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...buyLimit(user, '1.7000'), limitPrice: undefined }, 400, 'INVALID_ORDER_PRICE'],
        [{ ...buyLimit(user, '1.7000'), stopPrice: '1.6000' }, 400, 'INVALID_ORDER_PRICE'],
        [{ ...buyLimit(user, '0') }, 400, 'INVALID_ORDER_PRICE'],
        [{ ...buyLimit(user, '1.70001') }, 400, 'VALIDATION_ERROR'],
        [{ ...buyLimit(user, '1.7000'), timeInForce: 'GTD' }, 400, 'INVALID_ORDER_EXPIRY'],
        [{ ...buyLimit(user, '1.7000'), timeInForce: 'GTD', expiresAt: new Date(Date.now() - 1000).toISOString() }, 400, 'INVALID_ORDER_EXPIRY'],
        [
          { ...buyLimit(user, '1.7000'), timeInForce: 'GTD', expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() },
          400,
          'INVALID_ORDER_EXPIRY',
        ],
        [{ ...buyLimit(user, '1.7000'), expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, 400, 'INVALID_ORDER_EXPIRY'],
        [{ ...buyLimit(user, '1.7000'), currency: 'USDT' }, 400, 'VALIDATION_ERROR'],
        [{ ...buyLimit(user, '1.7000'), amount: '100.01' }, 422, 'INSUFFICIENT_FUNDS'],
        [{ ...buyLimit('nobody_here', '1.7000') }, 404, 'USER_NOT_FOUND'],
        [{ ...buyLimit(user, '1.7000'), type: 'MARKET' }, 400, 'VALIDATION_ERROR'],
      ];
      for (const [body, status, code] of cases) {
        const res = await place(body);
        expect({ body, status: res.status, code: res.body.errorCode }).toEqual({ body, status, code });
      }
      expect(await h.prisma.order.count({ where: { bankId: bank.id } })).toBe(0);
      expect((await h.accounts(bank, user)).AZN.locked).toBe('0.00000000');
    });

    it('cancels an OPEN order: 200 CANCELLED, the hold released with it, order.cancelled; a repeat answers 200 again; unknown ids 404', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      const res = await cancel(orderId);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ orderId, status: 'CANCELLED' });
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await h.prisma.hold.findMany({ where: { orderId }, select: { status: true } })).toEqual([{ status: 'VOIDED' }]);
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.cancelled']);
      expect((await cancel(orderId)).status).toBe(200);
      expect((await cancel(randomUUID())).body.errorCode).toBe('ORDER_NOT_FOUND');
      expect((await cancel('not-a-uuid')).status).toBe(404);
      const other = await h.createBank();
      const theirs = await h.http().post(`/api/v1/orders/${orderId}/cancel`).set('x-api-key', other.apiKey).send();
      expect(theirs.body.errorCode).toBe('ORDER_NOT_FOUND');
    });

    it('lists newest first with filters and cursors', async () => {
      const a = await fundedUser('100.00');
      const b = await fundedUser('100.00');
      const first = (await place(buyLimit(a, '1.6000', '10.00'))).body.data.orderId;
      const second = (await place(buyLimit(a, '1.6000', '20.00'))).body.data.orderId;
      const third = (await place(buyLimit(b, '1.6000', '30.00'))).body.data.orderId;
      await cancel(second);
      const list = (q: string) => h.http().get(`/api/v1/orders${q}`).set('x-api-key', bank.apiKey);
      const all = await list('');
      expect(all.body.data.items.map((o: { orderId: string }) => o.orderId)).toEqual([third, second, first]);
      expect((await list(`?bankUserId=${a}`)).body.data.items.map((o: { orderId: string }) => o.orderId)).toEqual([second, first]);
      expect((await list('?status=OPEN')).body.data.items.map((o: { orderId: string }) => o.orderId)).toEqual([third, first]);
      expect((await list('?side=SELL')).body.data.items).toEqual([]);
      const page1 = await list('?limit=2');
      expect(page1.body.data.items).toHaveLength(2);
      const page2 = await list(`?limit=2&cursor=${page1.body.data.nextCursor}`);
      expect(page2.body.data.items.map((o: { orderId: string }) => o.orderId)).toEqual([first]);
      expect(page2.body.data.nextCursor).toBeNull();
      expect((await list('?status=DONE')).status).toBe(400);
    });
  });

  describe('triggering on a price crossing', () => {
    it('BUY LIMIT: nothing while the rate is above the limit; at or below it, a normal trade fills it at that rate', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');

      // 1.6700 x 1.015 = 1.69505 -> 1.6951 <= 1.7000; 100.00 AZN buys 58.99 USDT.
      await h.exchange.reset({ mid: '1.6700' });
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = (await getOrder(orderId)).body.data;
      expect(order.status).toBe('FILLED');
      const trade = await h.http().get(`/api/v1/transactions/${order.transactionId}`).set('x-api-key', bank.apiKey);
      expect(trade.body.data).toMatchObject({ type: 'BUY', status: 'COMPLETED', amountIn: '100.00', amountOut: '58.99', exchangeRate: '1.6951' });
      expect(trade.body.data.ledger).toHaveLength(4);
      expect(await h.accounts(bank, user)).toEqual({
        AZN: { balance: '0.00000000', locked: '0.00000000' },
        USDT: { balance: '58.99000000', locked: '0.00000000' },
      });
      expect(await h.prisma.hold.findMany({ where: { orderId }, select: { status: true, transactionId: true } })).toEqual([
        { status: 'POSTED', transactionId: order.transactionId },
      ]);
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.filled']);
      const filled = await h.prisma.outboxEvent.findFirstOrThrow({ where: { bankId: bank.id, type: 'order.filled' } });
      expect(JSON.parse(filled.payload).data).toMatchObject({
        orderId,
        transactionId: order.transactionId,
        status: 'FILLED',
        exchangeRate: '1.6951',
      });
      expect(await h.app.get(MetricsService).render()).toMatch(/^orders_triggered_total\{outcome="filled"\} [1-9]/m);
    });

    it('SELL LIMIT: fills once the sell rate rises to its limit', async () => {
      const user = await userWithUsdt('100.00'); // 58.47 USDT
      const { orderId } = (
        await place({ bankUserId: user, side: 'SELL', type: 'LIMIT', amount: '50.00', currency: 'USDT', limitPrice: '1.7000', timeInForce: 'GTC' })
      ).body.data;
      expect((await h.accounts(bank, user)).USDT.locked).toBe('50.00000000');
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');
      // 1.7300 x 0.985 = 1.70405 -> 1.7040 >= 1.7000; 50 USDT pay 85.20 AZN.
      await h.exchange.reset({ mid: '1.7300' });
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = (await getOrder(orderId)).body.data;
      expect(order.status).toBe('FILLED');
      const trade = await h.prisma.transaction.findUniqueOrThrow({ where: { id: order.transactionId } });
      expect([trade.type, trade.status, trade.exchangeRate?.toFixed(4), trade.amountOut.toFixed(2)]).toEqual([
        'SELL',
        'COMPLETED',
        '1.7040',
        '85.20',
      ]);
      expect(await h.accounts(bank, user)).toEqual({
        AZN: { balance: '85.20000000', locked: '0.00000000' },
        USDT: { balance: '8.47000000', locked: '0.00000000' },
      });
    });

    it('BUY STOP: triggers when the rate rises to its stop, then executes at the market', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (
        await place({ bankUserId: user, side: 'BUY', type: 'STOP', amount: '100.00', currency: 'AZN', stopPrice: '1.7200', timeInForce: 'GTC' })
      ).body.data;
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');
      // 1.6950 x 1.015 = 1.720425 -> 1.7205 >= 1.7200.
      await h.exchange.reset({ mid: '1.6950' });
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = (await getOrder(orderId)).body.data;
      expect(order.status).toBe('FILLED');
      const trade = await h.prisma.transaction.findUniqueOrThrow({ where: { id: order.transactionId } });
      expect([trade.type, trade.exchangeRate?.toFixed(4)]).toEqual(['BUY', '1.7205']);
    });

    it('SELL STOP: triggers when the rate falls to its stop', async () => {
      const user = await userWithUsdt('100.00');
      const { orderId } = (
        await place({ bankUserId: user, side: 'SELL', type: 'STOP', amount: '58.47', currency: 'USDT', stopPrice: '1.6500', timeInForce: 'GTC' })
      ).body.data;
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');
      // 1.6700 x 0.985 = 1.64495 -> 1.6449 <= 1.6500.
      await h.exchange.reset({ mid: '1.6700' });
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = (await getOrder(orderId)).body.data;
      expect(order.status).toBe('FILLED');
      const trade = await h.prisma.transaction.findUniqueOrThrow({ where: { id: order.transactionId } });
      expect([trade.type, trade.exchangeRate?.toFixed(4)]).toEqual(['SELL', '1.6449']);
      expect((await h.accounts(bank, user)).USDT).toEqual({ balance: '0.00000000', locked: '0.00000000' });
    });

    it('a fill that would be worse than the limit (the price moved back before execution) writes nothing: the order stays OPEN with its hold', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      // The book sees a crossing price; the exchange, asked again for the execution, is back at MID (rate 1.7100 > 1.7000).
      const report = await matcher.onPrices({ ask: new Decimal('1.6000'), bid: new Decimal('1.6000') }, { bankIds: [bank.id] });
      expect(report.outcomes.not_crossed).toBeGreaterThanOrEqual(1);
      expect((await getOrder(orderId)).body.data).toMatchObject({ status: 'OPEN', transactionId: null });
      expect(await h.prisma.transaction.count({ where: { bankId: bank.id, idempotencyKey: `order:${orderId}` } })).toBe(0);
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '100.00000000' });
      expect(matcher.book.has(orderId)).toBe(true);
      // And it still executes once the price is really there.
      await h.exchange.reset({ mid: '1.6700' });
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('FILLED');
    });

    it('exchange down: the order stays OPEN with its hold; the exchange rejecting the order: FAILED, the hold released, order.failed', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      await h.exchange.reset({ mid: '1.6700' });
      await h.exchange.setFaults({ down: true });
      await matcher.runOnce({ bankIds: [bank.id] });
      await matcher.onPrices({ ask: new Decimal('1.6700'), bid: new Decimal('1.6700') }, { bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');
      expect((await h.accounts(bank, user)).AZN.locked).toBe('100.00000000');

      await h.exchange.setFaults({ down: false, liquidityLimit: '1' });
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = (await getOrder(orderId)).body.data;
      expect(order).toMatchObject({ status: 'FAILED', errorCode: 'INSUFFICIENT_LIQUIDITY' });
      const trade = await h.prisma.transaction.findUniqueOrThrow({ where: { id: order.transactionId } });
      expect(trade.status).toBe('FAILED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.failed']);
    });

    it('a trade left PENDING (outcome unknown) keeps the order TRIGGERED with its hold; reconciliation finishes both (FAILED: never executed)', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      await h.exchange.reset({ mid: '1.6700' });
      // Every order call fails with a 500: the outcome is unknown, the trade stays PENDING.
      await h.exchange.setFaults({ errorRate: 1, scope: 'orders' });
      const report = await matcher.runOnce({ bankIds: [bank.id] });
      expect(report.outcomes.pending).toBe(1);
      expect((await getOrder(orderId)).body.data.status).toBe('TRIGGERED');
      expect((await h.accounts(bank, user)).AZN.locked).toBe('100.00000000');
      await h.exchange.setFaults({ errorRate: 0 });
      await h.reconcile({ bankId: bank.id });
      const order = (await getOrder(orderId)).body.data;
      expect(order).toMatchObject({ status: 'FAILED', errorCode: 'INSUFFICIENT_LIQUIDITY' });
      expect((await h.prisma.transaction.findUniqueOrThrow({ where: { id: order.transactionId } })).status).toBe('FAILED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.failed']);
    });

    it('a fill whose answer was lost is found by the lookup: FILLED', async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
      await h.exchange.reset({ mid: '1.6700' });
      await h.exchange.setFaults({ loseResponses: true, scope: 'orders' });
      const report = await matcher.runOnce({ bankIds: [bank.id] });
      await h.exchange.setFaults({ loseResponses: false });
      if (report.outcomes.pending) await h.reconcile({ bankId: bank.id });
      expect((await getOrder(orderId)).body.data.status).toBe('FILLED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '0.00000000', locked: '0.00000000' });
    });

    it('GTD: expires when its time passes, the hold released with the status, order.expired', async () => {
      const user = await fundedUser('100.00');
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const { orderId } = (await place({ ...buyLimit(user, '1.6000'), timeInForce: 'GTD', expiresAt })).body.data;
      await matcher.runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data).toMatchObject({ status: 'OPEN', expiresAt });
      const clock = h.app.get(Clock);
      const now = clock.now.bind(clock);
      const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + 3_600_001));
      try {
        const report = await matcher.runOnce({ bankIds: [bank.id] });
        expect(report.expired).toBeGreaterThanOrEqual(1);
      } finally {
        spy.mockRestore();
      }
      expect((await getOrder(orderId)).body.data.status).toBe('EXPIRED');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.expired']);
      const metrics = await h.app.get(MetricsService).render();
      expect(metrics).toMatch(/^orders_expired_total [1-9]/m);
    });
  });

  describe('checked again at execution (review findings)', () => {
    it('a SELL LIMIT far below the market is held to the KYC limits on the AZN it pays at execution: FAILED LIMIT_EXCEEDED, the hold released', async () => {
      const user = await userWithUsdt('100.00'); // 58.47 USDT
      const unlimited = { perOperation: null, per24Hours: null };
      await ensureLimits(h.prisma, bank.id, {
        1: { BUY: unlimited, DEPOSIT: unlimited, WITHDRAWAL: unlimited, SELL: { perOperation: '50.00', per24Hours: null } },
      });
      // 50 USDT at a limit of 0.5000: 25.00 AZN at placement, within the 50.00; at the market
      // (sell rate 1.6594) it would pay 82.97 AZN.
      const placed = await place({
        bankUserId: user,
        side: 'SELL',
        type: 'LIMIT',
        amount: '50.00',
        currency: 'USDT',
        limitPrice: '0.5000',
        timeInForce: 'GTC',
      });
      expect(placed.status).toBe(201);
      const { orderId } = placed.body.data;
      await matcher.runOnce({ bankIds: [bank.id] });
      const order = await h.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      expect({ status: order.status, errorCode: order.errorCode, transactionId: order.transactionId }).toEqual({
        status: 'FAILED',
        errorCode: 'LIMIT_EXCEEDED',
        transactionId: null,
      });
      expect(await h.accounts(bank, user)).toMatchObject({ USDT: { balance: '58.47000000', locked: '0.00000000' } });
      expect(await h.prisma.transaction.count({ where: { userId: order.userId, type: 'SELL' } })).toBe(0);
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.failed']);
    });

    it('an order reached after its expiry (crossed before it, queued behind others) expires instead of executing', async () => {
      const user = await fundedUser('100.00');
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const { orderId } = (await place({ ...buyLimit(user, '1.7200'), timeInForce: 'GTD', expiresAt })).body.data;
      const clock = h.app.get(Clock);
      const now = clock.now.bind(clock);
      const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + 3_600_001));
      try {
        expect(await h.app.get(ExecuteOrderUseCase).execute(orderId)).toBe('not_open');
      } finally {
        spy.mockRestore();
      }
      expect((await getOrder(orderId)).body.data).toMatchObject({ status: 'EXPIRED', transactionId: null });
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '0.00000000' });
      expect(await eventTypes(orderId)).toEqual(['order.placed', 'order.expired']);
    });

    it("the venue's rules unreadable at execution (a retryable INSUFFICIENT_LIQUIDITY): the order stays OPEN with its hold", async () => {
      const user = await fundedUser('100.00');
      const { orderId } = (await place(buyLimit(user, '1.7200'))).body.data;
      jest.spyOn(h.app.get(ExchangeClient), 'checkOrder').mockRejectedValueOnce(InsufficientLiquidityError.unavailable());
      expect(await h.app.get(ExecuteOrderUseCase).execute(orderId)).toBe('unavailable');
      expect((await getOrder(orderId)).body.data.status).toBe('OPEN');
      expect((await h.accounts(bank, user)).AZN).toEqual({ balance: '100.00000000', locked: '100.00000000' });
      jest.restoreAllMocks();
    });
  });

  it('cancel against trigger, raced 100 times: exactly one outcome each time, the holds consistent', async () => {
    const user = await fundedUser('1000.00');
    await h.exchange.reset({ mid: '1.6700' }); // every order below crosses
    const executor = h.app.get(ExecuteOrderUseCase);
    let cancelled = 0;
    let filled = 0;
    let spentAzn = new Decimal(0);
    for (let i = 0; i < 100; i++) {
      const { orderId } = (await place(buyLimit(user, '1.7000', '5.00'))).body.data;
      const [c, outcome] = await Promise.all([cancel(orderId), executor.execute(orderId)]);
      const order = await h.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      const holds = await h.prisma.hold.findMany({ where: { orderId } });
      expect(holds).toHaveLength(1);
      if (c.status === 200) {
        expect([order.status, outcome, order.transactionId, holds[0].status]).toEqual(['CANCELLED', 'not_open', null, 'VOIDED']);
        cancelled++;
      } else {
        expect([c.status, c.body.errorCode]).toEqual([409, 'ORDER_NOT_OPEN']);
        expect([order.status, outcome, holds[0].status]).toEqual(['FILLED', 'filled', 'POSTED']);
        filled++;
        spentAzn = spentAzn.plus(5);
      }
    }
    expect(cancelled + filled).toBe(100);
    const accounts = await h.accounts(bank, user);
    expect(accounts.AZN).toEqual({ balance: new Decimal(1000).minus(spentAzn).toFixed(8), locked: '0.00000000' });
    // About 6 s on a quiet machine; a loaded one (the full run beside other work) needs more.
  }, 120_000);

  it('property: whatever happens to a customer’s orders, lockedBalance is the sum of its OPEN and TRIGGERED orders’ holds', async () => {
    await h.exchange.reset({ mid: '1.6700' });
    const executor = h.app.get(ExecuteOrderUseCase);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('place' as const), amount: fc.integer({ min: 1, max: 40 }), limit: fc.constantFrom('1.6000', '1.7000') }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('execute' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const user = await fundedUser('100.00');
        const ids: string[] = [];
        for (const o of ops) {
          if (o.kind === 'place') {
            const res = await place(buyLimit(user, o.limit, `${o.amount}.00`));
            if (res.status === 201) ids.push(res.body.data.orderId as string);
            else expect(res.body.errorCode).toBe('INSUFFICIENT_FUNDS');
          } else if (ids.length) {
            const id = ids[o.pick % ids.length];
            if (o.kind === 'cancel') await cancel(id);
            else await executor.execute(id);
          }
        }
        const orders = await h.prisma.order.findMany({ where: { bankId: bank.id, user: { bankCustomerId: user } } });
        const held = orders
          .filter((x) => x.status === 'OPEN' || x.status === 'TRIGGERED')
          .reduce((s, x) => s.plus(x.amount.toString()), new Decimal(0));
        const spent = orders.filter((x) => x.status === 'FILLED').reduce((s, x) => s.plus(x.amount.toString()), new Decimal(0));
        const accounts = await h.accounts(bank, user);
        expect(accounts.AZN).toEqual({ balance: new Decimal(100).minus(spent).toFixed(8), locked: held.toFixed(8) });
      }),
      { numRuns: 12 },
    );
  }, 90_000);

  it('a new Core Engine on the same database rebuilds its book from the OPEN orders and executes them', async () => {
    const user = await fundedUser('100.00');
    const { orderId } = (await place(buyLimit(user, '1.7000'))).body.data;
    const other = await CoreHarness.start();
    try {
      await other.exchange.reset({ mid: '1.6700' });
      await other.app.get(OrderMatcher).runOnce({ bankIds: [bank.id] });
      expect((await getOrder(orderId)).body.data.status).toBe('FILLED');
    } finally {
      await other.stop();
    }
  });
});
