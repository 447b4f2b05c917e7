import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Registry } from 'prom-client';
import { API_THROTTLER } from '../health/health.constants';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrapes: no API key, never rate limited, like the probes. Counts only, no ids
 * or secrets; keep the port off the public internet as you would the probes.
 * Not in the OpenAPI document: it is not part of the banks' API.
 */
@ApiExcludeController()
@Controller()
@SkipThrottle({ [API_THROTTLER]: true })
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
