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
 * Real Core Engine processes with open limit orders (issue 24): one places them and stops; the
 * next starts with them only in the database (its book rebuilt at boot), triggers one when the
 * price crosses and is killed (SIGKILL) between the trigger and the fill, twice (after the
 * trade opened on the order's hold; inside the settling transaction); a last one must leave
 * every order FILLED or FAILED with its trade, no hold pending, the books whole.
 */
describe('orders across Core Engine restarts and kills', () => {
  let exchange: MockExchangeHandle;
  let bankSide: AcknowledgingBank;
  let prisma: PrismaClient;
  let apiKey: string;
  let bankId: string;
  let env: Record<string, string>;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: npm test builds it (npm run build)`);
    // A database of its own: these processes match and reconcile on timers.
    databaseUrl = await createMigratedDatabase('orders_crash');
    process.env.DATABASE_URL = databaseUrl;
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.6847' }); // buy rate 1.7100: a BUY LIMIT at 1.7000 waits
    bankSide = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    await ensureOmnibus(prisma, 1);
    apiKey = generateApiKey();
    bankId = await ensureBank(prisma, {
      code: `orders-crash-${randomUUID()}`,
      name: 'Orders Crash Bank',
      apiKey,
      callbackUrl: bankSide.url,
      webhookSecret: bankSide.secret,
    });
    env = {
      DATABASE_URL: databaseUrl,
      EXCHANGE_URL: exchange.url,
      EXCHANGE_TIMEOUT_MS: '1000',
      BANK_ACK_TIMEOUT_MS: '1000',
      EXCHANGE_RECV_WINDOW_MS: '2000',
      RECONCILE_MIN_AGE_MS: '3100',
      RECONCILE_INTERVAL_MS: '200',
      ORDER_MATCH_INTERVAL_MS: '100',
      TICKER_MAX_AGE_MS: '0',
      DATABASE_POOL_SIZE: '4',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
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

  it('rebuilds the book at start, and a kill between trigger and fill loses nothing', async () => {
    const users = Array.from({ length: 4 }, (_, i) => `orders_crash_${i}_${randomUUID().slice(0, 6)}`);
    const first = await CoreProcess.start(env);
    const orderIds: string[] = [];
    try {
      for (const user of users) {
        expect((await post(first, '/api/v1/funding/deposit', { bankUserId: user, amount: '100.00', currency: 'AZN' })).status).toBe(201);
        for (let i = 0; i < 2; i++) {
          const res = await post(first, '/api/v1/orders', {
            bankUserId: user,
            side: 'BUY',
            type: 'LIMIT',
            amount: '40.00',
            currency: 'AZN',
            limitPrice: '1.7000',
            timeInForce: 'GTC',
          });
          expect(res.status).toBe(201);
          orderIds.push(((await res.json()) as { data: { orderId: string } }).data.orderId);
        }
      }
    } finally {
      await first.kill('SIGTERM');
    }
    expect(await prisma.order.count({ where: { bankId, status: 'OPEN' } })).toBe(8);

    // The price crosses every order; each kill stops a process at its first trigger.
    await exchange.reset({ mid: '1.6700' });
    for (const point of ['trade:after-open', 'trade:inside-settle']) {
      const core = await CoreProcess.start({ ...env, CORE_TEST_PAUSE_AT: point, RECONCILE_INTERVAL_MS: '0', ORDER_EXECUTION_CONCURRENCY: '1' });
      try {
        await core.waitFor(new RegExp(`PAUSED ${point}`), 20_000);
      } finally {
        await core.kill('SIGKILL');
      }
    }
    expect(await prisma.order.count({ where: { bankId, status: 'TRIGGERED' } })).toBeGreaterThanOrEqual(1);

    const final = await CoreProcess.start(env);
    try {
      const deadline = Date.now() + 60_000;
      let unfinished = Infinity;
      while (Date.now() < deadline) {
        unfinished = await prisma.order.count({ where: { bankId, status: { in: ['OPEN', 'TRIGGERED'] } } });
        const pending = await prisma.transaction.count({ where: { bankId, status: 'PENDING' } });
        if (unfinished === 0 && pending === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(unfinished).toBe(0);
      const orders = await prisma.order.findMany({ where: { bankId }, include: { transaction: true, holds: true } });
      for (const o of orders) {
        expect(o.transaction).not.toBeNull();
        expect([o.status, o.transaction?.status]).toEqual(o.status === 'FILLED' ? ['FILLED', 'COMPLETED'] : ['FAILED', 'FAILED']);
        expect(o.holds.map((hold) => hold.status)).toEqual([o.status === 'FILLED' ? 'POSTED' : 'VOIDED']);
        // A fill at the exchange exactly when the trade completed.
        const atExchange = await exchange.findOrder(o.transactionId as string);
        expect(atExchange?.status ?? null).toBe(o.status === 'FILLED' ? 'FILLED' : null);
      }
      // At most the killed-after-open trade never reached the exchange; the rest filled.
      expect(orders.filter((o) => o.status === 'FILLED').length).toBeGreaterThanOrEqual(6);
      const locked = await prisma.account.findMany({ where: { user: { bankId } }, select: { lockedBalance: true } });
      for (const a of locked) expect(a.lockedBalance.toFixed(2)).toBe('0.00');
      await expectLedgerInvariants();
    } finally {
      await final.kill('SIGTERM');
    }
  }, 180_000);
});
