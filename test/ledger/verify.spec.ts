import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EXCHANGE_SYMBOL, OrderResponse } from '@app/shared-types';
import { ledgerInvariants, parseAge } from '../../apps/core-engine/src/ledger/ledger-invariants';
import { dropDatabase } from '../../scripts/db/ensure-database';
import { ledgerViolations } from '../support/ledger-invariants';
import { MockExchangeHandle, startMockExchange } from '../support/mock-exchange-harness';
import { serverUrl, withDatabase } from '../support/test-database';
import { Account, createBank, createHold, createQuote, createSystemAccount, createTransaction, createUser, post } from './books';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

interface Outcome {
  code: number;
  out: string;
  err: string;
}

/** `npm run ledger:verify` as a user runs it, against `url`. */
async function verify(url: string | undefined, args: string[] = []): Promise<Outcome> {
  const env = { ...process.env, DATABASE_URL: url };
  if (url === undefined) delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, join(ROOT, 'scripts/ledger/verify.ts'), ...args], { env, cwd: ROOT });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

/** The ids of the checks the report marks FAILED. */
function failing(report: string): string[] {
  return [...report.matchAll(/^FAILED\s+(\S+)/gm)].map((m) => m[1]).sort();
}

interface User {
  id: string;
  AZN: Account;
  USDT: Account;
}

interface Books {
  bankId: string;
  user: User;
  other: User;
  omnibus: { AZN: Account; USDT: Account };
  settlement: Account;
  sellId: string;
}

interface TradeSpec {
  id?: string;
  type: 'BUY' | 'SELL';
  amountIn: string;
  amountOut: string;
  exchangeOrderId?: string | null;
  executedPrice?: string;
  quoteId?: string | null;
}

/** A completed trade as the trade flow writes it: the posted hold, then the four rows. */
async function completedTrade(db: Client, b: Books, t: TradeSpec): Promise<string> {
  const [cin, cout] = t.type === 'BUY' ? (['AZN', 'USDT'] as const) : (['USDT', 'AZN'] as const);
  const id = await createTransaction(db, {
    id: t.id,
    bankId: b.bankId,
    userId: b.user.id,
    type: t.type,
    status: 'COMPLETED',
    amountIn: t.amountIn,
    amountOut: t.amountOut,
    exchangeOrderId: t.exchangeOrderId === undefined ? `ex_${randomUUID()}` : t.exchangeOrderId,
    executedPrice: t.executedPrice ?? '1.7000',
    quoteId: t.quoteId,
  });
  await createHold(db, id, b.user[cin], t.amountIn, 'POSTED');
  await post(db, id, [
    { account: b.user[cin], amount: `-${t.amountIn}` },
    { account: b.omnibus[cin], amount: t.amountIn },
    { account: b.omnibus[cout], amount: `-${t.amountOut}` },
    { account: b.user[cout], amount: t.amountOut },
  ]);
  return id;
}

async function completedDeposit(db: Client, b: Books, amount: string, to: Account = b.user.AZN, rowCurrency?: 'AZN'): Promise<string> {
  const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'DEPOSIT', status: 'COMPLETED', amountIn: amount });
  await post(db, id, [
    { account: b.settlement, amount: `-${amount}` },
    { account: to, amount, currency: rowCurrency },
  ]);
  return id;
}

/** Orders the trades at the exchange first, so the books can record the exchange's real fills. */
async function placeOrder(exchange: MockExchangeHandle, side: 'BUY' | 'SELL', quantity: string, clientOrderId: string): Promise<OrderResponse> {
  const res = await fetch(`${exchange.url}/order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ symbol: EXCHANGE_SYMBOL, side, quantity, type: 'MARKET', clientOrderId }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as OrderResponse;
}

/**
 * A small, consistent set of books: a deposit, a buy on a quote, a sell, a withdrawal, a
 * failed buy, a pending buy with its hold, a pending deposit. Balances afterwards:
 * user AZN 46.80 (10.00 locked), user USDT 19.23, omnibus AZN 33.20, omnibus USDT -19.23,
 * settlement -80.00.
 */
async function writeConsistentBooks(db: Client, exchange: MockExchangeHandle): Promise<Books> {
  const bankId = await createBank(db);
  const b: Books = {
    bankId,
    user: await createUser(db, bankId),
    other: await createUser(db, bankId),
    omnibus: { AZN: await createSystemAccount(db, 'OMNIBUS', 'AZN'), USDT: await createSystemAccount(db, 'OMNIBUS', 'USDT') },
    settlement: await createSystemAccount(db, 'BANK_SETTLEMENT', 'AZN', bankId),
    sellId: randomUUID(),
  };
  await completedDeposit(db, b, '100.00');

  const buyId = randomUUID();
  const buyFill = await placeOrder(exchange, 'BUY', '29.23', buyId);
  const quoteId = await createQuote(db, {
    bankId,
    userId: b.user.id,
    side: 'BUY',
    amount: '50.00',
    cryptoAmount: '29.23',
    fiatAmount: '50.00',
    transactionId: null,
  });
  await completedTrade(db, b, {
    id: buyId,
    type: 'BUY',
    amountIn: '50.00',
    amountOut: '29.23',
    exchangeOrderId: buyFill.orderId,
    executedPrice: buyFill.executedPrice,
    quoteId,
  });
  await db.query(`UPDATE "Quote" SET "transactionId" = $2, "usedAt" = now() WHERE id = $1`, [quoteId, buyId]);
  await createQuote(db, { bankId, userId: b.user.id, side: 'SELL', amount: '5.00', cryptoAmount: '5.00', fiatAmount: '8.40', transactionId: null });

  const sellFill = await placeOrder(exchange, 'SELL', '10.00', b.sellId);
  await completedTrade(db, b, {
    id: b.sellId,
    type: 'SELL',
    amountIn: '10.00',
    amountOut: '16.80',
    exchangeOrderId: sellFill.orderId,
    executedPrice: sellFill.executedPrice,
  });

  const withdrawal = await createTransaction(db, { bankId, userId: b.user.id, type: 'WITHDRAWAL', status: 'COMPLETED', amountIn: '20.00' });
  await createHold(db, withdrawal, b.user.AZN, '20.00', 'POSTED');
  await post(db, withdrawal, [
    { account: b.user.AZN, amount: '-20.00' },
    { account: b.settlement, amount: '20.00' },
  ]);

  const failed = await createTransaction(db, { bankId, userId: b.user.id, type: 'BUY', status: 'FAILED', amountIn: '5.00', amountOut: '2.92' });
  await createHold(db, failed, b.user.AZN, '5.00', 'VOIDED');
  const pending = await createTransaction(db, { bankId, userId: b.user.id, type: 'BUY', status: 'PENDING', amountIn: '10.00', amountOut: '5.84' });
  await createHold(db, pending, b.user.AZN, '10.00', 'PENDING');
  await createTransaction(db, { bankId, userId: b.user.id, type: 'DEPOSIT', status: 'PENDING', amountIn: '30.00' });
  return b;
}

interface BrokenCase {
  name: string;
  /** The checks the report must name FAILED, and no others. */
  fails: string[];
  breakBooks(db: Client, b: Books): Promise<void>;
}

// Each case breaks one invariant in a copy of the consistent books. A few invariants follow
// from others, so breaking them necessarily trips the ones they follow from too.
const CASES: BrokenCase[] = [
  {
    name: 'a deposit whose rows do not sum to zero (the books as a whole stop balancing too)',
    fails: ['books-balance', 'transaction-balanced'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'DEPOSIT', status: 'COMPLETED', amountIn: '11.00' });
      await post(db, id, [
        { account: b.settlement, amount: '-10.00' },
        { account: b.user.AZN, amount: '11.00' },
      ]);
    },
  },
  {
    name: 'an account balance that is not the sum of its rows (offset elsewhere so the totals still balance)',
    fails: ['account-balance'],
    async breakBooks(db, b) {
      await db.query(`UPDATE "Account" SET balance = balance + 1 WHERE id = $1`, [b.user.AZN.id]);
      await db.query(`UPDATE "Account" SET balance = balance - 1 WHERE id = $1`, [b.omnibus.AZN.id]);
    },
  },
  {
    name: 'a row whose balanceAfter does not follow from the previous one',
    fails: ['balance-after'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'DEPOSIT', status: 'COMPLETED', amountIn: '5.00' });
      await post(db, id, [
        { account: b.settlement, amount: '-5.00' },
        { account: b.user.AZN, amount: '5.00', wrongBalanceAfter: true },
      ]);
    },
  },
  {
    name: 'a user balance below zero (the database CHECKs dropped first)',
    fails: ['user-balance'],
    async breakBooks(db, b) {
      await db.query(`ALTER TABLE "Account" DROP CONSTRAINT "Account_user_balance_nonnegative", DROP CONSTRAINT "Account_user_covers_holds"`);
      const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'WITHDRAWAL', status: 'COMPLETED', amountIn: '100.00' });
      await createHold(db, id, b.user.AZN, '100.00', 'POSTED');
      await post(db, id, [
        { account: b.user.AZN, amount: '-100.00' },
        { account: b.settlement, amount: '100.00' },
      ]);
    },
  },
  {
    name: 'a lockedBalance without a pending hold behind it',
    fails: ['locked-balance'],
    async breakBooks(db, b) {
      await db.query(`UPDATE "Account" SET "lockedBalance" = 1 WHERE id = $1`, [b.user.USDT.id]);
    },
  },
  {
    name: 'an OPEN order whose hold was voided (its funds no longer reserved)',
    fails: ['order-holds'],
    async breakBooks(db, b) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO "Order" (id, "bankId", "userId", "idempotencyKey", "requestHash", side, type, amount, currency, "limitedAzn", "limitPrice", "timeInForce", status, "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, gen_random_uuid()::text, 'hash', 'BUY', 'LIMIT', 5, 'AZN', 5, 1.7, 'GTC', 'OPEN', now()) RETURNING id`,
        [b.bankId, b.user.id],
      );
      await db.query(`INSERT INTO "Hold" (id, "accountId", "orderId", amount, status) VALUES (gen_random_uuid(), $1, $2, 5, 'VOIDED')`, [
        b.user.AZN.id,
        rows[0].id,
      ]);
    },
  },
  {
    name: 'a completed trade with six rows',
    fails: ['trade-rows'],
    async breakBooks(db, b) {
      const id = await completedTrade(db, b, { type: 'BUY', amountIn: '5.00', amountOut: '2.92' });
      await post(db, id, [
        { account: b.omnibus.AZN, amount: '1.00' },
        { account: b.omnibus.AZN, amount: '-1.00' },
      ]);
    },
  },
  {
    name: 'a completed trade without the exchange order it was filled by',
    fails: ['trade-filled'],
    async breakBooks(db, b) {
      await completedTrade(db, b, { type: 'BUY', amountIn: '5.00', amountOut: '2.92', exchangeOrderId: null });
    },
  },
  {
    name: "a completed trade recording another trade's exchange order (the unique index dropped first)",
    fails: ['exchange-order-once'],
    async breakBooks(db, b) {
      // Since issue 22 (2.10) the database refuses a second trade on one fill; the check stays for books written before.
      await db.query(`DROP INDEX "Transaction_exchangeOrderId_key"`);
      const { rows } = await db.query<{ order: string }>(`SELECT "exchangeOrderId" AS order FROM "Transaction" WHERE id = $1`, [b.sellId]);
      await completedTrade(db, b, { type: 'SELL', amountIn: '1.00', amountOut: '1.68', exchangeOrderId: rows[0].order });
    },
  },
  {
    name: 'a completed deposit with three rows',
    fails: ['funding-rows'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'DEPOSIT', status: 'COMPLETED', amountIn: '10.00' });
      await post(db, id, [
        { account: b.settlement, amount: '-10.00' },
        { account: b.user.AZN, amount: '4.00' },
        { account: b.user.AZN, amount: '6.00' },
      ]);
    },
  },
  {
    name: 'a failed deposit with rows',
    fails: ['unsettled-no-rows'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, { bankId: b.bankId, userId: b.user.id, type: 'DEPOSIT', status: 'FAILED', amountIn: '3.00' });
      await post(db, id, [
        { account: b.settlement, amount: '-3.00' },
        { account: b.user.AZN, amount: '3.00' },
      ]);
    },
  },
  {
    name: 'a failed trade whose hold was posted instead of voided',
    fails: ['hold-status'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, {
        bankId: b.bankId,
        userId: b.user.id,
        type: 'BUY',
        status: 'FAILED',
        amountIn: '5.00',
        amountOut: '2.92',
      });
      await createHold(db, id, b.user.AZN, '5.00', 'POSTED');
    },
  },
  {
    name: 'a pending buy holding USDT instead of the AZN it spends',
    fails: ['hold-amount'],
    async breakBooks(db, b) {
      const id = await createTransaction(db, {
        bankId: b.bankId,
        userId: b.user.id,
        type: 'BUY',
        status: 'PENDING',
        amountIn: '5.00',
        amountOut: '2.92',
      });
      await createHold(db, id, b.user.USDT, '5.00', 'PENDING');
    },
  },
  {
    name: "a deposit credited to another customer's account",
    fails: ['completed-amounts'],
    async breakBooks(db, b) {
      await completedDeposit(db, b, '7.00', b.other.AZN);
    },
  },
  {
    name: 'a quote of another user pointing at a trade that used no quote',
    fails: ['quote-trade'],
    async breakBooks(db, b) {
      await createQuote(db, {
        bankId: b.bankId,
        userId: b.other.id,
        side: 'SELL',
        amount: '10.00',
        cryptoAmount: '10.00',
        fiatAmount: '16.80',
        transactionId: b.sellId,
      });
    },
  },
  {
    name: 'an AZN row on a USDT account (the books per account currency stop balancing too)',
    fails: ['books-balance', 'row-currency'],
    async breakBooks(db, b) {
      await completedDeposit(db, b, '6.00', b.user.USDT, 'AZN');
    },
  },
];

describe('npm run ledger:verify', () => {
  const server = process.env.TEST_SERVER_URL ?? serverUrl();
  const prefix = `cex_verify_${Date.now()}_${process.pid}`;
  const template = withDatabase(server, `${prefix}_books`);
  let copies = 0;
  const undropped = new Set<string>();
  let exchange: MockExchangeHandle;

  async function drop(url: string): Promise<void> {
    await dropDatabase(url);
    undropped.delete(url);
  }

  /** A database of its own holding a copy of the consistent books (CREATE DATABASE ... TEMPLATE). */
  async function copyOfBooks(): Promise<string> {
    const name = `${prefix}_${++copies}`;
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${prefix}_books"`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(server, name);
    undropped.add(url);
    return url;
  }

  async function withBooks(url: string, change: (db: Client, b: Books) => Promise<void>): Promise<void> {
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await change(db, books);
    } finally {
      await db.end();
    }
  }

  let books: Books;

  beforeAll(async () => {
    exchange = await startMockExchange();
    await exchange.reset({ mid: '1.7000' });
    // Migrated the way the run's database is (test/global-setup.ts): npm run db:migrate in a child process.
    await run(process.execPath, [TSX, join(ROOT, 'scripts/db/migrate.ts')], { env: { ...process.env, DATABASE_URL: template }, cwd: ROOT });
    const db = new Client({ connectionString: template });
    await db.connect();
    try {
      books = await writeConsistentBooks(db, exchange);
    } finally {
      await db.end();
    }
  }, 120_000);

  afterAll(async () => {
    await exchange?.close();
    await Promise.all([template, ...undropped].map(drop));
  }, 120_000);

  it('consistent books: exit 0 and every check OK', async () => {
    const { code, out } = await verify(await copyOfBooks());
    expect(failing(out)).toEqual([]);
    expect(code).toBe(0);
    for (const check of ledgerInvariants()) expect(out).toMatch(new RegExp(`^OK\\s+${check.id}\\s`, 'm'));
    expect(out).toContain(`all ${ledgerInvariants().length} checks OK`);
    expect(out).not.toContain('exchange-fills');
  });

  describe('books broken one way each', () => {
    const outcomes = new Map<string, Outcome>();

    // Every case in a database of its own; the CLI runs a few at a time (each is a process).
    beforeAll(async () => {
      let next = 0;
      const worker = async () => {
        while (next < CASES.length) {
          const c = CASES[next++];
          const url = await copyOfBooks();
          await withBooks(url, c.breakBooks);
          outcomes.set(c.name, await verify(url));
          await drop(url);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }, 120_000);

    it.each(CASES)('$name: exit 1, the report names $fails', ({ name, fails }) => {
      const { code, out } = outcomes.get(name) as Outcome;
      expect(failing(out)).toEqual([...fails].sort());
      expect(code).toBe(1);
      expect(out).toContain(`${fails.length} of ${ledgerInvariants().length} checks FAILED`);
    });
  });

  it('covers every check with a broken case', () => {
    const covered = new Set(CASES.flatMap((c) => c.fails).concat('pending-age'));
    expect(
      ledgerInvariants()
        .map((c) => c.id)
        .filter((id) => !covered.has(id)),
    ).toEqual([]);
  });

  it('transactions PENDING longer than --max-pending-age: exit 1, the count and the first 20 as a table', async () => {
    const url = await copyOfBooks();
    const old: string[] = [];
    await withBooks(url, async (db, b) => {
      for (let i = 0; i < 25; i++) {
        old.push(
          await createTransaction(db, {
            bankId: b.bankId,
            userId: b.user.id,
            type: 'DEPOSIT',
            status: 'PENDING',
            amountIn: '1.00',
            createdAt: "now() - interval '1 hour'",
          }),
        );
      }
    });

    const byDefault = await verify(url);
    expect(failing(byDefault.out)).toEqual(['pending-age']);
    expect(byDefault.code).toBe(1);
    expect(byDefault.out).toMatch(/^FAILED\s+pending-age\s+no trade, deposit or withdrawal PENDING longer than 15m: 25 violations, first 20 shown$/m);
    expect(byDefault.out).toMatch(/^\s+id\s+type\s+created_at\s+age\s+error_code$/m);
    expect(old.filter((id) => byDefault.out.includes(id))).toHaveLength(20);
    expect(byDefault.out).toMatch(/ {2}01:\d\d:\d\d {2}/);

    const tolerant = await verify(url, ['--max-pending-age', '2h']);
    expect(tolerant.code).toBe(0);
    expect(tolerant.out).toMatch(/^OK\s+pending-age\s+no trade, deposit or withdrawal PENDING longer than 2h$/m);

    // The tests' expectLedgerInvariants() runs the same checks, with a generous default age.
    expect(await ledgerViolations(url)).toEqual([]);
    expect((await ledgerViolations(url, { maxPendingAgeMs: 30 * 60_000 })).map((v) => [v.id, v.count])).toEqual([['pending-age', 25]]);
  });

  describe('--exchange-url (opt-in: asks the exchange for every completed trade)', () => {
    it('the exchange holds each trade filled as recorded: exit 0', async () => {
      const { code, out } = await verify(await copyOfBooks(), ['--exchange-url', exchange.url]);
      expect(out).toMatch(/^OK\s+exchange-fills\s/m);
      // The books' failed buy never reached the exchange.
      expect(out).toMatch(/^OK\s+exchange-failed\s/m);
      expect(code).toBe(0);
    });

    it('a FAILED trade whose order the exchange filled (the house traded for money the customer kept): exit 1', async () => {
      const url = await copyOfBooks();
      const failedButFilled = randomUUID();
      await placeOrder(exchange, 'BUY', '2.92', failedButFilled);
      await withBooks(url, async (db, b) => {
        const id = await createTransaction(db, {
          id: failedButFilled,
          bankId: b.bankId,
          userId: b.user.id,
          type: 'BUY',
          status: 'FAILED',
          amountIn: '5.00',
          amountOut: '2.92',
        });
        await createHold(db, id, b.user.AZN, '5.00', 'VOIDED');
      });
      const { code, out } = await verify(url, ['--exchange-url', exchange.url]);
      expect(failing(out)).toEqual(['exchange-failed']);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`${failedButFilled} +BUY +- +FILLED +2\\.92 +the exchange filled its order for 2\\.92 USDT`));
    });

    it('a trade the exchange does not know and one filled for another quantity: exit 1', async () => {
      const url = await copyOfBooks();
      const unknown = randomUUID();
      const resized = randomUUID();
      const fill = await placeOrder(exchange, 'BUY', '5.00', resized);
      await withBooks(url, async (db, b) => {
        await completedTrade(db, b, { id: unknown, type: 'BUY', amountIn: '10.00', amountOut: '5.84' });
        await completedTrade(db, b, {
          id: resized,
          type: 'BUY',
          amountIn: '10.00',
          amountOut: '5.84',
          exchangeOrderId: fill.orderId,
          executedPrice: fill.executedPrice,
        });
      });

      const { code, out } = await verify(url, ['--exchange-url', exchange.url]);
      expect(failing(out)).toEqual(['exchange-fills']);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`${unknown}.*the exchange has no such order`));
      expect(out).toMatch(new RegExp(`${resized}.*executedQty 5\\.00, the trade 5\\.84`));
      // Without the flag the same books pass: what the ledger recorded is consistent.
      expect((await verify(url)).code).toBe(0);
    });

    it('an exchange that does not answer: exit 2, nothing concluded', async () => {
      const { code, err } = await verify(await copyOfBooks(), ['--exchange-url', 'http://127.0.0.1:9']);
      expect(code).toBe(2);
      expect(err).toContain('did not answer GET /order/');
    });
  });

  describe('usage and connection errors: exit 2', () => {
    it.each([
      [['--max-pending-age', 'soon'], '"soon" is not an age'],
      [['--max-pending-age'], '--max-pending-age needs a value'],
      [['--exchange-url', 'ftp://x'], 'is not an http(s) URL'],
      [['--verbose'], 'unknown argument --verbose'],
    ])('%j', async (args, message) => {
      const { code, err } = await verify(template, args);
      expect(code).toBe(2);
      expect(err).toContain(message);
      expect(err).toContain('usage: npm run ledger:verify');
    });

    it('no DATABASE_URL', async () => {
      const { code, err } = await verify(undefined);
      expect(code).toBe(2);
      expect(err).toContain('DATABASE_URL is not set');
    });

    it('a database that does not exist', async () => {
      const { code, err } = await verify(withDatabase(server, `${prefix}_missing`));
      expect(code).toBe(2);
      expect(err).toMatch(/cannot connect to .*_missing/);
    });
  });

  it('reads ages with a unit', () => {
    expect(['500ms', '90s', '15m', '2h', '1d', '15', 'm', '-5m', '1.5h'].map(parseAge)).toEqual([
      500,
      90_000,
      900_000,
      7_200_000,
      86_400_000,
      null,
      null,
      null,
      null,
    ]);
  });
});
