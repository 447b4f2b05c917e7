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
import { MockExchangeHandle, startMockExchange, TEST_BINANCE_API_KEY, TEST_BINANCE_API_SECRET } from '../support/mock-exchange-harness';
import { createMigratedDatabase } from '../support/test-database';

/**
 * Kills a real Core Engine process (SIGKILL) at each named point of the buy, sell, deposit
 * and withdrawal flows (a new process per kill), then restarts it, and checks that reconciliation leaves every
 * transaction COMPLETED or FAILED, every exchange fill matched by a completed trade, every
 * hold released, and the books whole. CRASH_KILLS sets the number of kills (default 50).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? '50');
const TRADE_POINTS = ['trade:after-open', 'trade:after-order', 'trade:inside-settle', 'trade:after-settle'];
const FUNDING_POINTS = ['funding:after-open', 'funding:after-ack'];

type Op = { path: string; body: Record<string, string>; key: string; point: string };

describe('crash recovery (SIGKILL at named points)', () => {
  let exchange: MockExchangeHandle;
  let bankSide: AcknowledgingBank;
  let prisma: PrismaClient;
  let apiKey: string;
  let bankId: string;
  let env: Record<string, string>;
  let databaseUrl: string | undefined;
  const users = Array.from({ length: 5 }, (_, i) => `crash_user_${i}_${randomUUID().slice(0, 6)}`);

  beforeAll(async () => {
    if (!existsSync(CORE_MAIN)) throw new Error(`${CORE_MAIN} is missing: npm test builds it (npm run build)`);
    // A database of its own: these Core Engines reconcile every 200 ms whatever is older than
    // 1.5 s, which in the shared database would fail other suites' PENDING trades against this
    // suite's Mock Exchange (it never saw their orders). expectLedgerInvariants reads
    // DATABASE_URL; jest gives each test file its own process.env.
    databaseUrl = await createMigratedDatabase('crash');
    process.env.DATABASE_URL = databaseUrl;
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.7000' });
    bankSide = await AcknowledgingBank.start(`secret-${randomUUID()}`);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    await ensureOmnibus(prisma, 1);
    apiKey = generateApiKey();
    bankId = await ensureBank(prisma, {
      code: `crash-${randomUUID()}`,
      name: 'Crash Bank',
      apiKey,
      callbackUrl: bankSide.url,
      webhookSecret: bankSide.secret,
    });
    env = {
      DATABASE_URL: databaseUrl,
      EXCHANGE_URL: exchange.url,
      // EXCHANGE_VENUE=binance in the environment runs the suite over the Mock Exchange's /api/v3.
      EXCHANGE_VENUE: process.env.EXCHANGE_VENUE ?? 'mock',
      BINANCE_BASE_URL: exchange.url,
      BINANCE_API_KEY: TEST_BINANCE_API_KEY,
      BINANCE_API_SECRET: TEST_BINANCE_API_SECRET,
      EXCHANGE_TIMEOUT_MS: '1000',
      BANK_ACK_TIMEOUT_MS: '1000',
      RECONCILE_INTERVAL_MS: '200',
      // Wide: on a loaded machine an order sent late would be refused (503) instead of reaching its pause point.
      EXCHANGE_RECV_WINDOW_MS: '8000',
      RECONCILE_MIN_AGE_MS: '9100',
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

  const send = (core: CoreProcess, op: Op) =>
    fetch(`${core.url}${op.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-idempotency-key': op.key },
      body: JSON.stringify(op.body),
    });

  function operation(i: number): Op {
    const user = users[i % users.length];
    const trade = i % 2 === 0;
    const point = trade ? TRADE_POINTS[(i / 2) % TRADE_POINTS.length] : FUNDING_POINTS[((i - 1) / 2) % FUNDING_POINTS.length];
    const flip = Math.floor(i / 2) % 2 === 0;
    if (trade) {
      return flip
        ? { path: '/api/v1/trade/buy', body: { bankUserId: user, amount: '10.00', currency: 'AZN' }, key: randomUUID(), point }
        : { path: '/api/v1/trade/sell', body: { bankUserId: user, amount: '2.00', currency: 'USDT' }, key: randomUUID(), point };
    }
    return flip
      ? { path: '/api/v1/funding/deposit', body: { bankUserId: user, amount: '5.00', currency: 'AZN' }, key: randomUUID(), point }
      : { path: '/api/v1/funding/withdraw', body: { bankUserId: user, amount: '3.00', currency: 'AZN' }, key: randomUUID(), point };
  }

  it(`settles everything after ${KILLS} kills`, async () => {
    // Funds to trade with: deposits and a buy per user, on a core that is not killed.
    const setup = await CoreProcess.start(env);
    for (const user of users) {
      const dep = await send(setup, {
        path: '/api/v1/funding/deposit',
        body: { bankUserId: user, amount: '1000.00', currency: 'AZN' },
        key: randomUUID(),
        point: '',
      });
      expect(dep.status).toBe(201);
      const buy = await send(setup, {
        path: '/api/v1/trade/buy',
        body: { bankUserId: user, amount: '200.00', currency: 'AZN' },
        key: randomUUID(),
        point: '',
      });
      expect(buy.status).toBe(201);
    }
    await setup.kill('SIGTERM');

    const killed: Op[] = [];
    for (let i = 0; i < KILLS; i++) {
      const op = operation(i);
      // No reconciliation in the processes that get killed: the pause must be reached by this
      // request, not by the reconciler resuming an earlier victim. The last core reconciles.
      const core = await CoreProcess.start({ ...env, CORE_TEST_PAUSE_AT: op.point, RECONCILE_INTERVAL_MS: '0' });
      const answer = send(core, op).catch(() => null); // never answered: the process dies first
      try {
        await core.waitFor(new RegExp(`PAUSED ${op.point}`), 15_000);
      } finally {
        await core.kill('SIGKILL');
      }
      await answer;
      killed.push(op);
    }

    // A last, unpaused core reconciles what is left.
    const final = await CoreProcess.start(env);
    try {
      const deadline = Date.now() + 60_000;
      let pending = Infinity;
      while (Date.now() < deadline) {
        pending = await prisma.transaction.count({ where: { bankId, status: 'PENDING' } });
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(pending).toBe(0);

      const all = await prisma.transaction.findMany({ where: { bankId } });
      expect(all.length).toBe(users.length * 2 + KILLS);
      for (const tx of all) expect(['COMPLETED', 'FAILED']).toContain(tx.status);

      // Fills at the exchange match completed trades, one for one.
      for (const tx of all.filter((t) => t.type === 'BUY' || t.type === 'SELL')) {
        const order = await exchange.findOrder(tx.id);
        if (tx.status === 'COMPLETED') {
          expect(order?.status).toBe('FILLED');
          expect(order?.executedQty).toBe(new PrismaDecimal(tx.type === 'BUY' ? tx.amountOut : tx.amountIn).toFixed(2));
        } else {
          expect(order).toBeNull();
        }
      }
      // Every kill point was reached and recovered; the paused flows all ended.
      const points = new Set(killed.map((k) => k.point));
      expect([...points].sort()).toEqual([...TRADE_POINTS, ...FUNDING_POINTS].sort());

      expect(await prisma.hold.count({ where: { transaction: { bankId }, status: 'PENDING' } })).toBe(0);
      const locked = await prisma.account.findMany({ where: { user: { bankId } }, select: { lockedBalance: true } });
      for (const a of locked) expect(a.lockedBalance.toFixed(2)).toBe('0.00');

      // A client retrying a killed request gets the final, stored answer (never 409).
      for (const op of killed.slice(0, 12)) {
        const replay = await send(final, op);
        expect(replay.status).not.toBe(409);
        expect(replay.status).not.toBe(500);
      }
      await expectLedgerInvariants();
    } finally {
      await final.kill('SIGTERM');
    }
  }, 600_000);
});

/** Prisma's Decimal values print with toFixed like decimal.js. */
class PrismaDecimal {
  constructor(private readonly v: { toFixed(n: number): string }) {}
  toFixed(n: number): string {
    return this.v.toFixed(n);
  }
}
