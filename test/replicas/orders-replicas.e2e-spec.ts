import { PrismaPg } from '@prisma/adapter-pg';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../../generated/prisma/client';
import { generateApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { dropDatabase } from '../../scripts/db/ensure-database';
import { ensureBank, ensureOmnibus } from '../../scripts/db/seed-data';
import { AcknowledgingBank } from '../support/acknowledging-bank';
import { CORE_MAIN, CoreProcess } from '../support/core-process';
import { expectLedgerInvariants } from '../support/ledger-invariants';
import { MockExchangeHandle, startMockExchange } from '../support/mock-exchange-harness';
import { createMigratedDatabase } from '../support/test-database';

/**
 * Issue 24: three Core Engine processes on one database, each with its own book (rebuilt from
 * the database, synced every tick), and one price move crossing every open order, placed
 * through all three. Each order must trigger exactly once: one trade per order, one order at
 * the exchange per trade, nothing left OPEN, TRIGGERED or PENDING, the books whole.
 * ORDERS_REPLICAS_ORDERS sets the number of orders (default 90).
 */
const ORDERS = Number(process.env.ORDERS_REPLICAS_ORDERS ?? '90');
const USERS = 10;

describe('orders with three replicas: one price crossing many orders, each triggered once', () => {
  let exchange: MockExchangeHandle;
  let bankSide: AcknowledgingBank;
  let prisma: PrismaClient;
  let apiKey: string;
  let bankId: string;
  let databaseUrl: string | undefined;
  const cores: CoreProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: npm test builds it (npm run build)`);
    databaseUrl = await createMigratedDatabase('orders_replicas');
    process.env.DATABASE_URL = databaseUrl;
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.6847' }); // buy rate 1.7100, sell rate 1.6594: nothing below crosses yet
    bankSide = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    await ensureOmnibus(prisma, 4);
    apiKey = generateApiKey();
    bankId = await ensureBank(prisma, {
      code: `orders-replicas-${randomUUID()}`,
      name: 'Replicas Bank',
      apiKey,
      callbackUrl: bankSide.url,
      webhookSecret: bankSide.secret,
    });
    const env = {
      DATABASE_URL: databaseUrl,
      EXCHANGE_URL: exchange.url,
      EXCHANGE_TIMEOUT_MS: '3000',
      RECONCILE_INTERVAL_MS: '1000',
      ORDER_MATCH_INTERVAL_MS: '50',
      TICKER_MAX_AGE_MS: '100',
      DATABASE_POOL_SIZE: '5',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0',
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < 3; i++) cores.push(await CoreProcess.start(env));
  }, 120_000);

  afterAll(async () => {
    for (const core of cores) await core.kill('SIGTERM').catch(() => undefined);
    await exchange?.close();
    await bankSide?.close();
    await prisma?.$disconnect();
    if (databaseUrl && !process.env.KEEP_TEST_DATABASE) await dropDatabase(databaseUrl);
  });

  const post = (core: CoreProcess, path: string, body: unknown) =>
    fetch(`${core.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });

  it(`executes each of ${ORDERS} crossed orders exactly once`, async () => {
    const users = Array.from({ length: USERS }, (_, i) => `replica_user_${i}_${randomUUID().slice(0, 6)}`);
    for (const [i, user] of users.entries()) {
      expect((await post(cores[i % 3], '/api/v1/funding/deposit', { bankUserId: user, amount: '1000.00', currency: 'AZN' })).status).toBe(201);
      expect((await post(cores[i % 3], '/api/v1/trade/buy', { bankUserId: user, amount: '300.00', currency: 'AZN' })).status).toBe(201);
    }
    const atExchangeBefore = await exchange.orderCount();
    // Through all three replicas: BUY LIMITs at 1.7000 and SELL STOPs at 1.6500, both crossed at 1.6700.
    for (let i = 0; i < ORDERS; i++) {
      const user = users[i % USERS];
      const body =
        i % 3 === 2
          ? { bankUserId: user, side: 'SELL', type: 'STOP', amount: '2.00', currency: 'USDT', stopPrice: '1.6500', timeInForce: 'GTC' }
          : { bankUserId: user, side: 'BUY', type: 'LIMIT', amount: '10.00', currency: 'AZN', limitPrice: '1.7000', timeInForce: 'GTC' };
      const res = await post(cores[i % 3], '/api/v1/orders', body);
      expect(res.status).toBe(201);
    }
    // Every replica has had time to sync the others' orders (a tick is 50 ms).
    await new Promise((r) => setTimeout(r, 1000));
    expect(await prisma.order.count({ where: { bankId, status: 'OPEN' } })).toBe(ORDERS);

    await exchange.reset({ mid: '1.6700' });
    const deadline = Date.now() + 90_000;
    let left = Infinity;
    while (Date.now() < deadline) {
      left = await prisma.order.count({ where: { bankId, status: { not: 'FILLED' } } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe(0);

    const orders = await prisma.order.findMany({ where: { bankId }, include: { transaction: true } });
    expect(orders.every((o) => o.transaction?.status === 'COMPLETED' && o.transaction.idempotencyKey === `order:${o.id}`)).toBe(true);
    expect(new Set(orders.map((o) => o.transactionId)).size).toBe(ORDERS);
    // One exchange order per order: no replica executed an order another one had.
    expect((await exchange.orderCount()) - atExchangeBefore).toBe(ORDERS);
    expect(await prisma.transaction.count({ where: { bankId, idempotencyKey: { startsWith: 'order:' } } })).toBe(ORDERS);
    // The three replicas shared the work (each claimed some: its log says so).
    const locked = await prisma.account.findMany({ where: { user: { bankId } }, select: { lockedBalance: true } });
    for (const a of locked) expect(a.lockedBalance.toFixed(2)).toBe('0.00');
    await expectLedgerInvariants();
  }, 240_000);
});
