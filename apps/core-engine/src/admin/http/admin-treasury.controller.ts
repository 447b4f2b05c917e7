import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { StatementService, statementCsv } from '../treasury/statement.service';
import { TreasuryService } from '../treasury/treasury.service';
import { RevenueQueryDto, StatementQueryDto } from './admin.dto';
import { OperatorKeyGuard } from './operator-key.guard';
import { ReservesService } from '../../proofs/reserves/reserves.service';

/** The house's position, the banks' flows, spread revenue, and the banks' daily statements (docs/operations.md). */
@Controller('admin/v1')
@UseGuards(OperatorKeyGuard)
export class AdminTreasuryController {
  constructor(
    private readonly treasury: TreasuryService,
    private readonly statements: StatementService,
    private readonly reserves: ReservesService,
  ) {}

  @Get('treasury')
  async positions() {
    return {
      success: true as const,
      data: { positions: await this.treasury.positions(), banks: await this.treasury.bankFlows(), reserves: await this.reserves.position() },
    };
  }

  @Get('treasury/revenue')
  async revenue(@Query() query: RevenueQueryDto) {
    return { success: true as const, data: await this.treasury.revenue(query.from, query.to) };
  }

  /** JSON in the envelope, or ?format=csv as a text/csv attachment. */
  @Get('banks/:code/statements/:day')
  async statement(
    @Param('code') code: string,
    @Param('day') day: string,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const statement = await this.statements.daily(code, day);
    if (query.format !== 'csv') return { success: true as const, data: statement };
    res.type('text/csv; charset=utf-8').attachment(`statement-${statement.bank}-${day}.csv`);
    return statementCsv(statement);
  }
}
