import { INestApplication } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { validateEnv } from '@app/shared-types';
import { PrismaClient } from '../../generated/prisma/client';
import { Clock } from '../../apps/core-engine/src/clock';
import { CoreConfig } from '../../apps/core-engine/src/config';
import { ReconcileReport, ReconcileScope, Reconciler } from '../../apps/core-engine/src/reliability/reconciler.service';
import { createCoreApp } from '../../apps/core-engine/src/create-app';
import { generateApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { BankSeed, ensureBank, ensureOmnibus } from '../../scripts/db/seed-data';
import { AcknowledgingBank } from './acknowledging-bank';
import { MockExchangeHandle, startMockExchange, TEST_BINANCE_API_KEY, TEST_BINANCE_API_SECRET } from './mock-exchange-harness';

export interface TestBank {
  id: string;
  code: string;
  apiKey: string;
}

/**
 * A Core Engine on this run's PostgreSQL database, talking over HTTP to a real Mock
 * Exchange started in the same process, plus a direct Prisma client for assertions.
 */
export class CoreHarness {
  private constructor(
    readonly app: INestApplication,
    readonly exchange: MockExchangeHandle,
    readonly prisma: PrismaClient,
    /** The banks' acknowledgement endpoint (every test bank points at it unless told otherwise). */
    readonly bankSide: AcknowledgingBank,
    readonly config: CoreConfig,
  ) {}

  /**
   * EXCHANGE_VENUE=binance in the environment runs the suite through the binance venue,
   * against the same Mock Exchange's /api/v3 routes (docs/exchange-venues.md); a suite may
   * also ask for it in `overrides`.
   */
  static async start(
    overrides: Partial<Record<keyof CoreConfig, string>> = {},
    exchangeEnv: Parameters<typeof startMockExchange>[0] = {},
  ): Promise<CoreHarness> {
    const exchange = await startMockExchange(exchangeEnv);
    const venue = overrides.EXCHANGE_VENUE ?? process.env.EXCHANGE_VENUE ?? 'mock';
    const bankSide = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    const config = validateEnv(CoreConfig, {
      DATABASE_URL: process.env.DATABASE_URL,
      EXCHANGE_URL: exchange.url,
      // Generous: a loaded CI machine must not turn a slow ticker into a test failure.
      EXCHANGE_TIMEOUT_MS: '3000',
      BANK_ACK_TIMEOUT_MS: '1000',
      // Tests drive reconciliation themselves (reconcile() below), so nothing races them.
      RECONCILE_INTERVAL_MS: '0',
      // Tests drive the order matcher themselves (OrderMatcher.runOnce / onPrices).
      ORDER_MATCH_INTERVAL_MS: '0',
      // Above EXCHANGE_TIMEOUT_MS + EXCHANGE_RECV_WINDOW_MS, as the settings require; reconcile()
      // moves the clock past it instead of waiting.
      RECONCILE_MIN_AGE_MS: '8001',
      // Suites that race many requests on one key would hit the production default.
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
      // Tests read outbox_backlog soon after they change it.
      METRICS_REFRESH_MS: '100',
      API_KEY_CACHE_MS: '0',
      // Each test sets the exchange's price and faults and expects the next call to see them.
      TICKER_MAX_AGE_MS: '0',
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: process.env.TEST_LOGS ? undefined : 'silent',
      EXCHANGE_VENUE: venue,
      BINANCE_BASE_URL: exchange.url,
      BINANCE_API_KEY: TEST_BINANCE_API_KEY,
      BINANCE_API_SECRET: TEST_BINANCE_API_SECRET,
      ...overrides,
    });
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL as string }) });
    await ensureOmnibus(prisma, 1);
    const app = await createCoreApp(config);
    await app.init();
    return new CoreHarness(app, exchange, prisma, bankSide, config);
  }

  /**
   * One reconciliation pass as it runs once RECONCILE_MIN_AGE_MS has passed: the Core Engine's
   * clock is moved that far ahead for the pass (every transaction open now is old enough, and
   * the validity window of every order sent so far has closed), then restored.
   */
  async reconcile(scope: ReconcileScope = {}, aheadMs = this.config.RECONCILE_MIN_AGE_MS + 1): Promise<ReconcileReport> {
    const clock = this.app.get(Clock);
    const now = clock.now.bind(clock);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + aheadMs));
    try {
      return await this.app.get(Reconciler).runOnce(scope);
    } finally {
      spy.mockRestore();
    }
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.exchange.close();
    await this.bankSide.close();
    await this.prisma.$disconnect();
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /** A bank partner of its own for each test, so tests never see each other's users. */
  async createBank(options: number | Partial<Omit<BankSeed, 'code' | 'name' | 'apiKey'>> = {}): Promise<TestBank> {
    const settings = typeof options === 'number' ? { spreadBps: options } : options;
    const apiKey = generateApiKey();
    const code = `test-${randomUUID()}`;
    const id = await ensureBank(this.prisma, {
      code,
      name: code,
      apiKey,
      callbackUrl: this.bankSide.url,
      webhookSecret: this.bankSide.secret,
      ...settings,
    });
    return { id, code, apiKey };
  }

  deposit(bank: TestBank, bankUserId: string, amount: string, key: string = randomUUID()) {
    return this.http()
      .post('/api/v1/funding/deposit')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', key)
      .send({ bankUserId, amount, currency: 'AZN' });
  }

  buy(bank: TestBank, body: Record<string, unknown>, key: string = randomUUID()) {
    return this.http().post('/api/v1/trade/buy').set('x-api-key', bank.apiKey).set('x-idempotency-key', key).send(body);
  }

  /**
   * A buy of `amount` AZN (after a deposit of 100.00) left PENDING with nothing executed: every
   * order call fails with a 500, an unknown outcome, so the engine answers 202 and keeps the hold.
   */
  async pendingBuy(bank: TestBank, amount = '40.00'): Promise<{ user: string; key: string; body: Record<string, string>; id: string }> {
    const user = `user_${randomUUID().slice(0, 8)}`;
    const deposited = await this.deposit(bank, user, '100.00');
    if (deposited.status !== 201) throw new Error(`pendingBuy: the deposit answered ${deposited.status}`);
    await this.exchange.setFaults({ errorRate: 1, scope: 'orders' });
    const key = randomUUID();
    const body = { bankUserId: user, amount, currency: 'AZN' };
    let res: Awaited<ReturnType<CoreHarness['buy']>>;
    try {
      res = await this.buy(bank, body, key);
    } finally {
      await this.exchange.setFaults({ errorRate: 0 });
    }
    if (res.status !== 202) throw new Error(`pendingBuy: the buy answered ${res.status} ${JSON.stringify(res.body)}, not 202`);
    return { user, key, body, id: res.body.data.transactionId as string };
  }

  balances(bank: TestBank, bankUserId: string) {
    return this.http().get(`/api/v1/users/${bankUserId}/balances`).set('x-api-key', bank.apiKey);
  }

  /** The user's AZN and USDT balances straight from the database, as strings with 8 decimals. */
  async accounts(bank: TestBank, bankUserId: string): Promise<Record<string, { balance: string; locked: string }>> {
    const rows = await this.prisma.account.findMany({ where: { user: { bankId: bank.id, bankCustomerId: bankUserId } } });
    return Object.fromEntries(rows.map((r) => [r.currency, { balance: r.balance.toFixed(8), locked: r.lockedBalance.toFixed(8) }]));
  }
}
