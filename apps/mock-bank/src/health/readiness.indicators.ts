import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probe, probeHttp, serviceUrl } from '@app/shared-types';
import { MockBankConfig } from '../config';
import { BankDatabase } from '../storage';

/** How long /ready waits for each dependency (well inside an orchestrator's probe timeout). */
export const READY_TIMEOUT_MS = 1000;

/** The bank's own database answers a query. */
@Injectable()
export class BankDatabaseIndicator {
  private readonly logger = new Logger(BankDatabaseIndicator.name);

  constructor(
    private readonly db: BankDatabase,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check<const Key extends string>(key: Key) {
    const result = await probe(() => this.db.query('SELECT 1'), READY_TIMEOUT_MS);
    if (result.up) return this.indicators.check(key).up();
    this.logger.warn(`database not ready: ${result.detail}`);
    return this.indicators.check(key).down({ message: `SELECT 1 ${result.reason}` });
  }
}

/** The Core Engine answers its liveness probe: every customer action calls it. */
@Injectable()
export class CoreEngineIndicator {
  private readonly logger = new Logger(CoreEngineIndicator.name);
  private readonly url: string;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: MockBankConfig,
  ) {
    this.url = serviceUrl(config.CORE_ENGINE_URL, '/health');
  }

  async check<const Key extends string>(key: Key) {
    const result = await probeHttp(this.url, READY_TIMEOUT_MS);
    if (result.up) return this.indicators.check(key).up();
    this.logger.warn(`core engine not ready: GET ${this.url}: ${result.detail}`);
    return this.indicators.check(key).down({ message: `GET /health: ${result.reason}` });
  }
}
