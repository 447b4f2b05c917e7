import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiHealthCheckResult, HealthCheckFailedFilter } from '@app/shared-types';
import { DatabaseHealthIndicator } from './database.indicator';
import { ExchangeHealthIndicator } from './exchange.indicator';
import { API_THROTTLER } from './health.constants';

/** Probes for orchestration: no API key, no envelope, never rate limited. */
@ApiTags('health')
@Controller()
@SkipThrottle({ [API_THROTTLER]: true })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly exchange: ExchangeHealthIndicator,
  ) {}

  /** Liveness: the process answers HTTP. It checks no dependency: an outage elsewhere must not get this process restarted. */
  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers; checks no dependency' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult()
  liveness() {
    return this.health.check([]);
  }

  /** Readiness: 200 when the database and the exchange answer, 503 naming the one that does not. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database (SELECT 1) and the exchange (GET /health) answer within 1 s' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult({ database: 'SELECT 1 failed', exchange: 'GET /health: no answer within 1000 ms' })
  @UseFilters(HealthCheckFailedFilter)
  readiness() {
    return this.health.check([() => this.database.check('database'), () => this.exchange.check('exchange')]);
  }
}
