import Decimal from 'decimal.js';
import request from 'supertest';
import { Logger } from '@nestjs/common';
import { AdminHarness } from '../admin/support/admin-harness';
import { ScriptedHttpServer } from '../support/scripted-http-server';
import { ReservesService } from '../../apps/core-engine/src/proofs/reserves/reserves.service';
import { MetricsService } from '../../apps/core-engine/src/metrics';
import { CoreConfig } from '../../apps/core-engine/src/config';

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

  it('alerts when a currency is short: a log line at error and reserves_shortfall_total', async () => {
    const bank = await world.core.createBank();
    expect((await world.core.deposit(bank, 'sam', '25.00')).status).toBe(201);
    await world.admin.post(`/admin/v1/banks/${bank.code}/liability-snapshots`);
    const empty = await ScriptedHttpServer.start((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          balances: [
            { asset: 'AZN', free: '0.00000000', locked: '0.00000000' },
            { asset: 'USDT', free: '0.00000000', locked: '0.00000000' },
          ],
        }),
      );
    });
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      const metrics = world.core.app.get(MetricsService, { strict: false });
      const config = Object.assign(new CoreConfig(), world.core.config, { EXCHANGE_URL: empty.url });
      const reserves = new ReservesService(world.admin.prisma, config, metrics);
      const [azn] = await reserves.position();
      expect(azn.reserves).toBe('0.00000000');
      expect(new Decimal(azn.surplus!).toFixed(8)).toBe(new Decimal(azn.liabilities).negated().toFixed(8));
      expect(errors).toHaveBeenCalledWith(
        expect.objectContaining({ event: 'reserves_shortfall', currency: 'AZN' }),
        expect.stringMatching(/^reserves of AZN are short/),
      );
      expect(await metrics.registry.getSingleMetricAsString('reserves_shortfall_total')).toMatch(/reserves_shortfall_total\{currency="AZN"\} [1-9]/);
    } finally {
      errors.mockRestore();
      await empty.close();
    }
  });
});
