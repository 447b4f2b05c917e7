import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiHealthCheckResult, HealthCheckFailedFilter } from '@app/shared-types';
import { API_THROTTLER } from './health.constants';
import { Readiness } from './readiness.service';

/** Probes for orchestration: no API key, no envelope, never rate limited. */
@ApiTags('health')
@Controller()
@SkipThrottle({ [API_THROTTLER]: true })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readinessProbe: Readiness,
  ) {}

  /** Liveness: the process answers HTTP. It checks no dependency: an outage elsewhere must not get this process restarted. */
  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers; checks no dependency' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult()
  liveness() {
    return this.health.check([]);
  }

  /**
   * Readiness: 200 when the database and the exchange answer, 503 naming the one that does not.
   * The last probe's answer, at most one second old (Readiness): a flood costs no query.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database (SELECT 1) and the exchange (GET /health) answer within 1 s; the last probe, at most 1 s old' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResult({ database: 'SELECT 1 failed', exchange: 'GET /health: no answer within 1000 ms' })
  @UseFilters(HealthCheckFailedFilter)
  readiness() {
    return this.readinessProbe.check();
  }
}
