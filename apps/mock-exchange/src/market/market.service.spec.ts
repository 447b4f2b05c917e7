import { Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { validateEnv } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { MarketService } from './market.service';

function build(env: Record<string, string> = {}): { market: MarketService; faults: FaultSettingsService } {
  const config = validateEnv(MockExchangeConfig, { MOCK_EXCHANGE_ADMIN_KEY: 'k', ...env });
  const faults = new FaultSettingsService(config);
  return { market: new MarketService(config, faults), faults };
}

describe('MarketService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('quotes AZNUSDT with a Unix-seconds timestamp', () => {
    const before = Math.floor(Date.now() / 1000);
    const quote = build().market.nextQuote();
    expect(quote.symbol).toBe('AZNUSDT');
    expect(Number.isInteger(quote.timestamp)).toBe(true);
    expect(quote.timestamp).toBeGreaterThanOrEqual(before);
    expect(quote.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('replays the same quotes for the same seed', () => {
    const a = build({ MOCK_EXCHANGE_SEED: '9' }).market;
    const b = build({ MOCK_EXCHANGE_SEED: '9' }).market;
    const prices = (m: MarketService) => Array.from({ length: 20 }, () => m.nextQuote().price.toFixed(4));
    expect(prices(a)).toEqual(prices(b));
  });

  it('shifts every quote by the priceJump from the moment it is set', () => {
    const { market, faults } = build({ MOCK_EXCHANGE_VOLATILITY: '0' });
    expect(market.nextQuote().price.toFixed(4)).toBe('1.7000');
    faults.update({ priceJump: '0.02' });
    expect(market.nextQuote().price.toFixed(4)).toBe('1.7340');
    faults.update({ priceJump: '-0.01' });
    expect(market.nextQuote().price.toFixed(4)).toBe('1.6830');
  });

  it('restarts the walk with new settings, keeping the ones left out', () => {
    const { market } = build({ MOCK_EXCHANGE_SEED: '5' });
    market.nextQuote();
    const view = market.restartWalk({ mid: new Decimal('2.0000') });
    expect(view).toEqual({
      mid: '2.0000',
      seed: 5,
      volatility: '0.0005',
      band: '0.01',
      lowerBound: '1.9800',
      upperBound: '2.0200',
      walkPrice: '2.0000',
      steps: 0,
    });
  });
});
