import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiHealthCheckResult, HealthCheckFailedFilter } from '@app/shared-types';
import { BankDatabaseIndicator, CoreEngineIndicator } from './readiness.indicators';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly database: BankDatabaseIndicator,
    private readonly core: CoreEngineIndicator,
  ) {}

  /** Liveness: answers whatever the fault switches say, so orchestration tells "faulty" from "dead". */
  @Get('health')
  @ApiOperation({ summary: 'Liveness: 200 whatever the faults' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } }, example: { status: 'ok' } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when its database and the Core Engine answer, 503 naming the one that does not. */
  @Get('ready')
  @ApiOperation({ summary: "Readiness: the bank's database (SELECT 1) and the Core Engine (GET /health) answer within 1 s" })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult({ database: 'SELECT 1 failed', coreEngine: 'GET /health: unreachable' })
  @UseFilters(HealthCheckFailedFilter)
  ready() {
    return this.checks.check([() => this.database.check('database'), () => this.core.check('coreEngine')]);
  }
}
