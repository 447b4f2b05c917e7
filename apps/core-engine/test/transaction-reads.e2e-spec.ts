import { randomUUID } from 'node:crypto';
import { CoreHarness, TestBank } from '../../../test/support/core-harness';
import { expectLedgerInvariants } from '../../../test/support/ledger-invariants';

// A bank's reads of its own transactions: the list (filters, pages by cursor, newest first,
// stable while new rows arrive), the lookup by idempotency key, and the house's side shown
// without balances.

interface Summary {
  transactionId: string;
  type: string;
  status: string;
  bankUserId: string;
  createdAt: string;
}

describe('transaction reads', () => {
  let h: CoreHarness;
  let bank: TestBank;
  let other: TestBank;

  beforeAll(async () => {
    h = await CoreHarness.start();
    [bank, other] = await Promise.all([h.createBank(), h.createBank()]);
  });

  afterAll(async () => {
    await h.stop();
    await expectLedgerInvariants();
  });

  const list = (b: TestBank, query: Record<string, string> = {}) => h.http().get('/api/v1/transactions').query(query).set('x-api-key', b.apiKey);

  /** Every page of a listing, following nextCursor. */
  async function allPages(b: TestBank, query: Record<string, string>): Promise<Summary[][]> {
    const pages: Summary[][] = [];
    let cursor: string | null = null;
    do {
      const res = await list(b, { ...query, ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      pages.push(res.body.data.items as Summary[]);
      cursor = res.body.data.nextCursor as string | null;
    } while (cursor);
    return pages;
  }

  it("lists only the calling bank's transactions, newest first, filtered by customer, type and status", async () => {
    const user = `reads-${randomUUID()}`;
    expect((await h.deposit(bank, user, '100.00')).status).toBe(201);
    expect((await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' })).status).toBe(201);
    expect((await h.buy(bank, { bankUserId: user, amount: '500.00', currency: 'AZN' })).status).toBe(422); // refused: no transaction
    expect((await h.deposit(other, user, '7.00')).status).toBe(201); // the same customer id at another bank

    const mine = await list(bank, { bankUserId: user });
    expect(mine.status).toBe(200);
    const items = mine.body.data.items as Summary[];
    expect(items.map((t) => t.type)).toEqual(['BUY', 'DEPOSIT']);
    expect(items.every((t) => t.bankUserId === user && t.status === 'COMPLETED')).toBe(true);
    expect(mine.body.data.nextCursor).toBeNull();
    expect(items[0]).not.toHaveProperty('ledger');

    expect(((await list(bank, { bankUserId: user, type: 'DEPOSIT' })).body.data.items as Summary[]).map((t) => t.type)).toEqual(['DEPOSIT']);
    expect((await list(bank, { bankUserId: user, status: 'FAILED' })).body.data.items).toEqual([]);
    const theirs = (await list(other, { bankUserId: user })).body.data.items as Summary[];
    expect(theirs.map((t) => [t.type, t.bankUserId])).toEqual([['DEPOSIT', user]]);
    expect(theirs[0].transactionId).not.toBe(items[1].transactionId);
  });

  it('pages by cursor without repeating or skipping, also while new transactions arrive', async () => {
    const user = `pages-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.deposit(bank, user, `${i + 1}.00`)).body.data.transactionId as string);

    const first = await list(bank, { bankUserId: user, limit: '2' });
    expect((first.body.data.items as Summary[]).map((t) => t.transactionId)).toEqual([ids[4], ids[3]]);
    // Two new ones arrive between pages: they are newer than the cursor, so they do not move it.
    for (let i = 0; i < 2; i++) ids.push((await h.deposit(bank, user, '9.00')).body.data.transactionId as string);
    const second = await list(bank, { bankUserId: user, limit: '2', cursor: first.body.data.nextCursor as string });
    expect((second.body.data.items as Summary[]).map((t) => t.transactionId)).toEqual([ids[2], ids[1]]);
    const third = await list(bank, { bankUserId: user, limit: '2', cursor: second.body.data.nextCursor as string });
    expect((third.body.data.items as Summary[]).map((t) => t.transactionId)).toEqual([ids[0]]);
    expect(third.body.data.nextCursor).toBeNull();

    const everything = (await allPages(bank, { bankUserId: user, limit: '3' })).flat().map((t) => t.transactionId);
    expect(everything).toEqual([...ids].reverse());
  });

  it('filters by creation time: from inclusive, to exclusive', async () => {
    const user = `time-${randomUUID()}`;
    const a = await h.deposit(bank, user, '1.00');
    const b = await h.deposit(bank, user, '2.00');
    const at = (await h.prisma.transaction.findUniqueOrThrow({ where: { id: b.body.data.transactionId as string } })).createdAt.toISOString();
    const from = ((await list(bank, { bankUserId: user, from: at })).body.data.items as Summary[]).map((t) => t.transactionId);
    const to = ((await list(bank, { bankUserId: user, to: at })).body.data.items as Summary[]).map((t) => t.transactionId);
    expect(from).toEqual([b.body.data.transactionId]);
    expect(to).toEqual([a.body.data.transactionId]);
  });

  it.each([
    [{ limit: '101' }, 'limit must be a whole number from 1 to 100'],
    [{ limit: '0' }, 'limit must be a whole number from 1 to 100'],
    [{ type: 'TRANSFER' }, 'type must be one of: BUY, SELL, DEPOSIT, WITHDRAWAL'],
    [{ status: 'DONE' }, 'status must be one of: PENDING, COMPLETED, FAILED'],
    [{ from: 'yesterday' }, 'from must be an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z'],
    [{ cursor: 'not-a-cursor' }, 'cursor is not valid: pass the nextCursor of a page as it was given'],
    [{ bankUserId: 'no spaces' }, 'bankUserId must be 1-64 letters, digits or _ . : -'],
    [{ page: '2' }, 'page: should not exist'],
  ])('refuses a bad query %j with 400 VALIDATION_ERROR', async (query, message) => {
    const res = await list(bank, query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, errorCode: 'VALIDATION_ERROR', message });
  });

  it('finds the transaction an idempotency key created, only for the bank that sent it', async () => {
    const user = `key-${randomUUID()}`;
    const key = randomUUID();
    const deposit = await h.deposit(bank, user, '12.00', key);
    const found = await h.http().get(`/api/v1/transactions/by-idempotency-key/${key.toUpperCase()}`).set('x-api-key', bank.apiKey);
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ transactionId: deposit.body.data.transactionId, type: 'DEPOSIT', amountIn: '12.00' });
    for (const [b, k] of [
      [other, key],
      [bank, randomUUID()],
      [bank, 'not-a-uuid'],
    ] as const) {
      const res = await h.http().get(`/api/v1/transactions/by-idempotency-key/${k}`).set('x-api-key', b.apiKey);
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('TRANSACTION_NOT_FOUND');
    }
  });

  it("shows the customer's ledger rows in full and the house's without balances", async () => {
    const user = `house-${randomUUID()}`;
    expect((await h.deposit(bank, user, '100.00')).status).toBe(201);
    const buy = await h.buy(bank, { bankUserId: user, amount: '10.00', currency: 'AZN' });
    const res = await h.http().get(`/api/v1/transactions/${buy.body.data.transactionId}`).set('x-api-key', bank.apiKey);
    const rows = res.body.data.ledger as { accountKind: string; currency: string; balanceAfter: string | null }[];
    expect(rows.map((r) => [r.accountKind, r.currency, r.balanceAfter])).toEqual([
      ['USER', 'AZN', '90.00000000'],
      ['OMNIBUS', 'AZN', null],
      ['OMNIBUS', 'USDT', null],
      ['USER', 'USDT', `${buy.body.data.cryptoAmount}000000`],
    ]);
  });
});
