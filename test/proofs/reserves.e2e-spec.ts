import Decimal from 'decimal.js';
import request from 'supertest';
import { Logger } from '@nestjs/common';
import { AdminHarness } from '../admin/support/admin-harness';
import { ReservesService } from '../../apps/core-engine/src/proofs/reserves/reserves.service';
import { MetricsService } from '../../apps/core-engine/src/metrics';
import { ExchangeClient } from '../../apps/core-engine/src/exchange';

describe('reserves at the venue against the liabilities (docs/proofs.md)', () => {
  const world = AdminHarness.suite();

  it("the venue's account moves with the house's fills; the treasury API and the operator page show reserves minus liabilities", async () => {
    const bank = await world.core.createBank();
    const venue = async () => (await request(world.core.exchange.url).get('/api/v3/account').expect(200)).body;
    const before = await venue();
    expect((await world.core.deposit(bank, 'rita', '100.00')).status).toBe(201);
    const buy = await world.core.buy(bank, { bankUserId: 'rita', amount: '10.00', currency: 'AZN' });
    expect(buy.status).toBe(201);
    const after = await venue();
    const usdt = (b: { balances: { asset: string; free: string }[] }) => new Decimal(b.balances.find((x) => x.asset === 'USDT')!.free);
    expect(usdt(after).minus(usdt(before)).toFixed(8)).toBe(new Decimal(buy.body.data.cryptoAmount).toFixed(8));

    const taken = await world.admin.post(`/admin/v1/banks/${bank.code}/liability-snapshots`);
    expect(taken.status).toBe(201);
    expect(taken.body.data.reserves).toEqual({ AZN: after.balances[0].free, USDT: after.balances[1].free });

    const treasury = await world.admin.get('/admin/v1/treasury');
    const lines = treasury.body.data.reserves as { currency: string; reserves: string; liabilities: string; surplus: string }[];
    expect(lines.map((l) => l.currency)).toEqual(['AZN', 'USDT']);
    for (const l of lines) {
      expect(l.reserves).toBe(after.balances.find((b: { asset: string }) => b.asset === l.currency).free);
      expect(new Decimal(l.reserves).minus(l.liabilities).toFixed(8)).toBe(l.surplus);
      expect(new Decimal(l.liabilities).gte(taken.body.data.totals[l.currency])).toBe(true);
    }
    const page = await world.admin.http().get('/admin').auth('operator', world.admin.viewerKey);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<tr data-test="reserves-USDT"><td>USDT</td><td class="num">${lines[1].reserves}</td>`);
  });

  it('alerts once when a currency becomes short (a log line at error, reserves_shortfall_total), not on every look; again after it recovered', async () => {
    const bank = await world.core.createBank();
    expect((await world.core.deposit(bank, 'sam', '25.00')).status).toBe(201);
    await world.admin.post(`/admin/v1/banks/${bank.code}/liability-snapshots`);
    const exchange = world.core.app.get(ExchangeClient, { strict: false });
    const zero = [
      { asset: 'AZN', free: '0.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '0.00000000', locked: '0.00000000' },
    ];
    const venue = jest.spyOn(exchange, 'accountBalances').mockResolvedValue(zero);
    const errors = jest.spyOn(Logger.prototype, 'error');
    const metrics = world.core.app.get(MetricsService, { strict: false });
    const count = async () => {
      const m = /reserves_shortfall_total\{currency="AZN"\} (\d+)/.exec(await metrics.registry.getSingleMetricAsString('reserves_shortfall_total'));
      return m ? Number(m[1]) : 0;
    };
    const shortfallLines = () => errors.mock.calls.filter(([first]) => (first as { event?: string })?.event === 'reserves_shortfall').length;
    try {
      const reserves = world.core.app.get(ReservesService, { strict: false });
      const before = await count();
      const [azn] = await reserves.position();
      expect(azn.reserves).toBe('0.00000000');
      expect(new Decimal(azn.surplus!).toFixed(8)).toBe(new Decimal(azn.liabilities).negated().toFixed(8));
      expect(errors).toHaveBeenCalledWith(
        expect.objectContaining({ event: 'reserves_shortfall', currency: 'AZN' }),
        expect.stringMatching(/^reserves of AZN are short/),
      );
      expect(await count()).toBe(before + 1);
      // The treasury API and the operator's page look again: the same shortfall, no new alert.
      expect((await world.admin.get('/admin/v1/treasury')).status).toBe(200);
      await reserves.position();
      expect(await count()).toBe(before + 1);
      expect(shortfallLines()).toBe(2); // AZN and USDT, once each
      // Covered again, then short again: a new alert.
      venue.mockResolvedValue(zero.map((b) => ({ ...b, free: '100000000.00000000' })));
      expect((await reserves.position())[0].surplus).not.toMatch(/^-/);
      venue.mockResolvedValue(zero);
      await reserves.position();
      expect(await count()).toBe(before + 2);
    } finally {
      errors.mockRestore();
      venue.mockRestore();
    }
  });
});
