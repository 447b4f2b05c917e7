import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiHealthCheckResult, HealthCheckFailedFilter } from '@app/shared-types';
import { ExemptFromFaults } from '../faults/exempt-from-faults.decorator';
import { TradingIndicator } from './trading.indicator';

/** Answers even when faults are on: "up but faulty" stays distinguishable from "dead". */
@ApiTags('health')
@Controller()
@ExemptFromFaults()
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly trading: TradingIndicator,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: 200 whatever the faults' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } }, example: { status: 'ok' } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 503 while the down or hang fault keeps the exchange endpoints from serving. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 503 while the down or hang fault is on' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult({ trading: 'fault down is on' })
  @UseFilters(HealthCheckFailedFilter)
  ready() {
    return this.checks.check([() => this.trading.check('trading')]);
  }
}
