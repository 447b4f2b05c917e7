import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probeHttp, serviceUrl } from '@app/shared-types';
import { CoreConfig } from '../config';
import { READY_TIMEOUT_MS } from './health.constants';

/** The exchange process answers its liveness probe (GET {EXCHANGE_URL}/health). */
@Injectable()
export class ExchangeHealthIndicator {
  private readonly logger = new Logger(ExchangeHealthIndicator.name);
  private readonly url: string;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: CoreConfig,
  ) {
    this.url = serviceUrl(config.EXCHANGE_URL, '/health');
  }

  async check<const Key extends string>(key: Key) {
    const result = await probeHttp(this.url, READY_TIMEOUT_MS);
    if (result.up) return this.indicators.check(key).up();
    this.logger.warn(`exchange not ready: GET ${this.url}: ${result.detail}`);
    return this.indicators.check(key).down({ message: `GET /health: ${result.reason}` });
  }
}
