import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probeHttp, serviceUrl } from '@app/shared-types';
import { CoreConfig } from '../config';
import { READY_TIMEOUT_MS } from './health.constants';

/**
 * The venue the Core Engine trades at answers its unsigned liveness route: the mock venue's
 * GET {EXCHANGE_URL}/health, or, with EXCHANGE_VENUE=binance, Binance's "check server time"
 * GET {BINANCE_BASE_URL}/api/v3/time (weight 1, no key): readiness asks the exchange the
 * trades go to, not the Mock Exchange's own probe.
 */
@Injectable()
export class ExchangeHealthIndicator {
  private readonly logger = new Logger(ExchangeHealthIndicator.name);
  private readonly url: string;
  private readonly route: string;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: CoreConfig,
  ) {
    const binance = config.EXCHANGE_VENUE === 'binance';
    this.route = binance ? '/api/v3/time' : '/health';
    this.url = serviceUrl(binance ? config.BINANCE_BASE_URL : config.EXCHANGE_URL, this.route);
  }

  async check<const Key extends string>(key: Key) {
    const result = await probeHttp(this.url, READY_TIMEOUT_MS);
    if (result.up) return this.indicators.check(key).up();
    this.logger.warn(`exchange not ready: GET ${this.url}: ${result.detail}`);
    return this.indicators.check(key).down({ message: `GET ${this.route}: ${result.reason}` });
  }
}
