import { randomUUID } from 'node:crypto';
import request from 'supertest';
import Decimal from 'decimal.js';
import { EXCHANGE_SYMBOL } from '@app/shared-types';
import { CoreHarness, TestBank } from '../support/core-harness';
import { AdminHarness } from './support/admin-harness';

describe('treasury and daily statements reconcile to the ledger', () => {
  let core: CoreHarness;
  let admin: AdminHarness;
  let bank: TestBank;

  /** The database's clock: the ledger stamps rows with it. */
  const dbNow = async () => (await core.prisma.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`)[0].now;

  /** The ledger's own sums per customer and currency: rows of the bank's customers, before `from` and within [from, to). */
  async function ledgerSums(from: Date, to: Date) {
    const rows = await core.prisma.ledger.findMany({
      where: { createdAt: { lt: to }, account: { user: { bankId: bank.id } } },
      include: { account: { include: { user: true } } },
    });
    const out = new Map<string, { opening: Decimal; movement: Decimal }>();
    for (const r of rows) {
      const key = `${r.account.user!.bankCustomerId}/${r.currency}`;
      const s = out.get(key) ?? { opening: new Decimal(0), movement: new Decimal(0) };
      if (r.createdAt < from) s.opening = s.opening.plus(r.amount.toString());
      else s.movement = s.movement.plus(r.amount.toString());
      out.set(key, s);
    }
    return out;
  }

  /** Each statement line against the ledger: opening = rows before, closing − opening = rows within, and the total = the customers' sum. */
  async function expectReconciled(from: Date, to: Date) {
    const statement = await admin.deps.statements.forPeriod(bank.code, from, to);
    const ledger = await ledgerSums(from, to);
    for (const c of statement.customers) {
      for (const l of c.lines) {
        const expected = ledger.get(`${c.bankUserId}/${l.currency}`) ?? { opening: new Decimal(0), movement: new Decimal(0) };
        expect([c.bankUserId, l.currency, l.opening, new Decimal(l.closing).minus(l.opening).toFixed(8)]).toEqual([
          c.bankUserId,
          l.currency,
          expected.opening.toFixed(8),
          expected.movement.toFixed(8),
        ]);
        const moves = [l.deposits, l.withdrawals, l.buys, l.sells].reduce((a, m) => a.plus(m), new Decimal(0));
        expect(moves.toFixed(8)).toBe(expected.movement.toFixed(8));
      }
    }
    for (const t of statement.total) {
      const of = (field: 'opening' | 'closing' | 'buys') =>
        statement.customers.reduce((a, c) => a.plus(c.lines.find((l) => l.currency === t.currency)![field]), new Decimal(0)).toFixed(8);
      expect([t.opening, t.closing, t.buys]).toEqual([of('opening'), of('closing'), of('buys')]);
    }
    return statement;
  }

  beforeAll(async () => {
    // A shorter exchange timeout than the harness's: the late trade's hung order gives up sooner
    // (still long enough for a loaded machine's ticker), and a generous acknowledgement timeout.
    core = await CoreHarness.start({ EXCHANGE_TIMEOUT_MS: '1000', BANK_ACK_TIMEOUT_MS: '3000' });
    admin = await AdminHarness.start(core);
    bank = await core.createBank();
  });
  afterAll(async () => {
    await admin.stop();
    await core.stop();
  });

  it('a statement equals the ledger, per customer and in total, also for a trade reconciled in a later period', async () => {
    const t0 = await dbNow();
    expect((await core.deposit(bank, 'alice', '100.00')).status).toBe(201);
    expect((await core.deposit(bank, 'bob', '50.00')).status).toBe(201);
    expect((await core.buy(bank, { bankUserId: 'alice', amount: '10.00', currency: 'AZN' })).status).toBe(201);
    const sell = await core
      .http()
      .post('/api/v1/trade/sell')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .send({ bankUserId: 'alice', amount: '2.00', currency: 'USDT' });
    expect(sell.status).toBe(201);
    const withdraw = await core
      .http()
      .post('/api/v1/funding/withdraw')
      .set('x-api-key', bank.apiKey)
      .set('x-idempotency-key', randomUUID())
      .send({ bankUserId: 'bob', amount: '20.00', currency: 'AZN' });
    expect(withdraw.status).toBe(201);

    // A buy the exchange fills but whose answer never comes: PENDING, its hold only, no ledger row yet.
    await core.exchange.setFaults({ hang: true, scope: 'orders' });
    const late = await core.buy(bank, { bankUserId: 'bob', amount: '10.00', currency: 'AZN' });
    await core.exchange.setFaults({ hang: false });
    expect(late.status).toBe(202);
    const lateId: string = late.body.data.transactionId;
    const t1 = await dbNow();

    const first = await expectReconciled(t0, t1);
    expect(first.customers.map((c) => c.bankUserId)).toEqual(['alice', 'bob']);
    const bobFirst = first.customers.find((c) => c.bankUserId === 'bob')!.lines.find((l) => l.currency === 'AZN')!;
    expect(bobFirst).toMatchObject({
      opening: '0.00000000',
      deposits: '50.00000000',
      withdrawals: '-20.00000000',
      buys: '0.00000000',
      closing: '30.00000000',
    });
    expect(first.settlement[0]).toMatchObject({ deposits: '-150.00000000', withdrawals: '20.00000000', closing: '-130.00000000' });

    // The exchange fills it (the order as the core sent it), and reconciliation posts it in the next period.
    const tx = await core.prisma.transaction.findUniqueOrThrow({ where: { id: lateId } });
    await request(core.exchange.url)
      .post('/order')
      .send({
        symbol: EXCHANGE_SYMBOL,
        side: 'BUY',
        quantity: new Decimal(tx.amountOut.toString()).toFixed(2),
        type: 'MARKET',
        clientOrderId: lateId,
      })
      .expect(201);
    await core.reconcile({ bankId: bank.id });
    expect((await core.prisma.transaction.findUniqueOrThrow({ where: { id: lateId } })).status).toBe('COMPLETED');
    const t2 = await dbNow();

    const second = await expectReconciled(t1, t2);
    const bobSecond = second.customers.find((c) => c.bankUserId === 'bob')!.lines;
    expect(bobSecond.find((l) => l.currency === 'AZN')).toMatchObject({ opening: '30.00000000', buys: '-10.00000000', closing: '20.00000000' });
    expect(bobSecond.find((l) => l.currency === 'USDT')!.buys).toBe(new Decimal(tx.amountOut.toString()).toFixed(8));
    // The closing balances are the accounts' balances now.
    for (const c of second.customers) {
      const accounts = await core.accounts(bank, c.bankUserId);
      expect(c.lines.map((l) => [l.currency, l.closing])).toEqual(c.lines.map((l) => [l.currency, accounts[l.currency].balance]));
    }
  });

  it('the daily statement route answers JSON and the same numbers as CSV', async () => {
    const day = (await dbNow()).toISOString().slice(0, 10);
    const json = await admin.get(`/admin/v1/banks/${bank.code}/statements/${day}`);
    expect(json.status).toBe(200);
    const csv = await admin.get(`/admin/v1/banks/${bank.code}/statements/${day}?format=csv`, admin.viewerKey);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('account,currency,opening,deposits,withdrawals,buys,sells,closing');
    const total = json.body.data.total.find((l: { currency: string }) => l.currency === 'AZN');
    expect(lines).toContain(['TOTAL', 'AZN', total.opening, total.deposits, total.withdrawals, total.buys, total.sells, total.closing].join(','));
    expect((await admin.get(`/admin/v1/banks/${bank.code}/statements/2026-02-30`)).body.errorCode).toBe('VALIDATION_ERROR');
  });

  it('treasury: the house position is the omnibus sum, flows and revenue per bank come from its trades', async () => {
    const res = await admin.get('/admin/v1/treasury', admin.viewerKey);
    expect(res.status).toBe(200);
    const omnibus = await core.prisma.account.groupBy({ by: ['currency'], where: { kind: 'OMNIBUS' }, _sum: { balance: true } });
    for (const p of res.body.data.positions as { currency: string; house: string; balanced: boolean }[]) {
      expect(p.balanced).toBe(true);
      expect(p.house).toBe(new Decimal(omnibus.find((o) => o.currency === p.currency)?._sum.balance?.toString() ?? 0).toFixed(8));
    }
    const trades = await core.prisma.transaction.findMany({ where: { bankId: bank.id, status: 'COMPLETED', type: { in: ['BUY', 'SELL'] } } });
    const aznIn = trades.reduce((a, t) => (t.type === 'BUY' ? a.plus(t.amountIn.toString()) : a.minus(t.amountOut.toString())), new Decimal(0));
    const flow = (res.body.data.banks as { bank: string; currency: string; netFlowToHouse: string }[]).find(
      (b) => b.bank === bank.code && b.currency === 'AZN',
    );
    expect(flow?.netFlowToHouse).toBe(aznIn.toFixed(8));

    const day = trades[0].completedAt!.toISOString().slice(0, 10);
    const revenue = await admin.get(`/admin/v1/treasury/revenue?from=${day}&to=${day}`);
    const mine = (revenue.body.data as { bank: string; trades: number; revenue: string }[]).filter((r) => r.bank === bank.code);
    const sameDay = trades.filter((t) => t.completedAt!.toISOString().slice(0, 10) === day);
    expect(mine).toEqual([
      expect.objectContaining({
        trades: sameDay.length,
        revenue: sameDay.reduce((a, t) => a.plus(t.feeAmount.toString()), new Decimal(0)).toFixed(8),
      }),
    ]);
  });
});
