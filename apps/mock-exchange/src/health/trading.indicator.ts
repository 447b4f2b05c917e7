import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { FaultSettingsService } from '../faults/fault-settings.service';

/**
 * Whether the exchange endpoints serve requests now. The mock has no dependency of its own;
 * what takes it out of service is a fault switch: `down` fails every request, `hang`
 * answers none. (errorRate, latency and the others leave it serving, badly.)
 */
@Injectable()
export class TradingIndicator {
  constructor(
    private readonly faults: FaultSettingsService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check<const Key extends string>(key: Key) {
    const { down, hang, scope } = this.faults.current();
    const stopping = [down && 'down', hang && 'hang'].filter((fault): fault is string => typeof fault === 'string');
    if (stopping.length === 0) return this.indicators.check(key).up();
    const message = stopping.length === 1 ? `fault ${stopping[0]} is on` : `faults ${stopping.join(' and ')} are on`;
    return this.indicators.check(key).down({ message, scope });
  }
}
