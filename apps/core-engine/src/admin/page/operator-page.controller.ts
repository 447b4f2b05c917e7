import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { BankKeysUseCases } from '../banks/bank-keys.use-cases';
import { BanksUseCases } from '../banks/banks.use-cases';
import { DeadEvents } from '../events/dead-events.service';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { OpenOrdersQuery } from '../orders/open-orders.query';
import { TreasuryService } from '../treasury/treasury.service';
import { ReservesService } from '../../proofs/reserves/reserves.service';
import { OperatorPageGuard } from './operator-page.guard';
import { operatorPage } from './operator-page.view';

const DAY_MS = 24 * 3600 * 1000;

/** GET /admin: the operator's page, server-rendered from the same use cases as /admin/v1. */
@Controller('admin')
@UseGuards(OperatorPageGuard)
export class OperatorPageController {
  constructor(
    private readonly banks: BanksUseCases,
    private readonly keys: BankKeysUseCases,
    private readonly treasury: TreasuryService,
    private readonly dead: DeadEvents,
    private readonly review: TradesUnderReview,
    private readonly reserves: ReservesService,
    private readonly openOrders: OpenOrdersQuery,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async page(): Promise<string> {
    const now = new Date();
    const banks = await this.banks.list();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return operatorPage({
      now,
      banks: await Promise.all(banks.map(async (b) => ({ ...b, keys: await this.keys.list(b.code) }))),
      positions: await this.treasury.positions(),
      flows: await this.treasury.bankFlows(),
      revenue: await this.treasury.revenue(day(new Date(now.getTime() - 6 * DAY_MS)), day(now)),
      deadEvents: await this.dead.list(50),
      underReview: await this.review.list(50),
      openOrders: (await this.openOrders.list(undefined, 1)).totals,
      reserves: await this.reserves.position(),
    }).text;
  }
}
