import { Injectable, Logger } from '@nestjs/common';
import { ExchangeFaultSettings } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { Mulberry32 } from '../random';
import { applyUpdate, FaultSettings, faultSettingsFromConfig, toWire } from './fault-settings';

/** What the exchange does to one incoming request, decided when it arrives. */
export interface FaultDecision {
  hang: boolean;
  delayMs: number;
  failure: 'down' | 'error' | null;
  loseResponse: boolean;
}

/**
 * Holds the faults in force. They start as configured (env) and the admin API changes
 * them at run time; reset returns to the start-up settings.
 */
@Injectable()
export class FaultSettingsService {
  private readonly logger = new Logger(FaultSettingsService.name);
  private readonly startup: FaultSettings;
  private settings: FaultSettings;
  private random: Mulberry32;

  constructor(private readonly config: MockExchangeConfig) {
    this.startup = faultSettingsFromConfig(config);
    this.settings = this.startup;
    this.random = this.newRandom();
    if (this.anyActive()) this.logger.warn(`started with faults: ${JSON.stringify(this.view())}`);
  }

  current(): FaultSettings {
    return this.settings;
  }

  view(): ExchangeFaultSettings {
    return toWire(this.settings);
  }

  update(update: Partial<ExchangeFaultSettings>): ExchangeFaultSettings {
    this.settings = applyUpdate(this.settings, update);
    this.logger.warn(`faults changed: ${JSON.stringify(this.view())}`);
    return this.view();
  }

  /** Back to the start-up settings, and the errorRate draws start over from the seed. */
  reset(): ExchangeFaultSettings {
    this.settings = this.startup;
    this.random = this.newRandom();
    this.logger.log(`faults reset: ${JSON.stringify(this.view())}`);
    return this.view();
  }

  /**
   * Decided once, synchronously, on arrival: the errorRate draw then depends only on the
   * seed and the order of requests, not on timers.
   */
  decide(endpoint: { order: boolean; placement: boolean }): FaultDecision {
    const { hang, latencyMs, down, errorRate, loseResponses, scope } = this.settings;
    if (scope === 'orders' && !endpoint.order) return { hang: false, delayMs: 0, failure: null, loseResponse: false };
    let failure: FaultDecision['failure'] = null;
    if (down) failure = 'down';
    else if (errorRate > 0 && this.random.nextFloat() < errorRate) failure = 'error';
    return { hang, delayMs: latencyMs, failure, loseResponse: loseResponses && endpoint.placement };
  }

  private anyActive(): boolean {
    const s = this.settings;
    return (
      s.down || s.hang || s.loseResponses || s.errorRate > 0 || s.latencyMs > 0 || !!s.liquidityLimit || !!s.partialFill || !s.priceJump.isZero()
    );
  }

  private newRandom(): Mulberry32 {
    // A stream of its own, so injected errors never shift the price walk's sequence.
    return new Mulberry32((this.config.MOCK_EXCHANGE_SEED ^ 0x9e3779b9) >>> 0);
  }
}
