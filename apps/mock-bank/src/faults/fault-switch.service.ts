import { Injectable, Logger } from '@nestjs/common';
import { MockBankFaultSettings } from '@app/shared-types';

export type CallbackChannel = 'acknowledgements' | 'webhooks';

const NO_FAULTS: MockBankFaultSettings = { acknowledgementsDown: false, webhooksDown: false, latencyMs: 0 };

/**
 * Makes the bank "down" or slow for the calls the core makes to it, so tests and demos can
 * show BANK_CONNECTION_ERROR and webhook retries. In memory; starts with no fault.
 */
@Injectable()
export class FaultSwitchService {
  private readonly logger = new Logger(FaultSwitchService.name);
  private settings: MockBankFaultSettings = NO_FAULTS;

  view(): MockBankFaultSettings {
    return { ...this.settings };
  }

  update(update: Partial<MockBankFaultSettings>): MockBankFaultSettings {
    const defined = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
    this.settings = { ...this.settings, ...defined };
    this.logger.warn(`faults changed: ${JSON.stringify(this.settings)}`);
    return this.view();
  }

  reset(): MockBankFaultSettings {
    this.settings = NO_FAULTS;
    this.logger.log('faults reset');
    return this.view();
  }

  isDown(channel: CallbackChannel): boolean {
    return channel === 'acknowledgements' ? this.settings.acknowledgementsDown : this.settings.webhooksDown;
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }
}
