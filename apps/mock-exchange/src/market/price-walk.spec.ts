import Decimal from 'decimal.js';
import { PriceWalk, PriceWalkSettings } from './price-walk';

const settings = (overrides: Partial<PriceWalkSettings> = {}): PriceWalkSettings => ({
  mid: new Decimal('1.7000'),
  volatility: new Decimal('0.0005'),
  band: new Decimal('0.01'),
  seed: 42,
  ...overrides,
});

const walkOf = (walk: PriceWalk, steps: number): string[] => Array.from({ length: steps }, () => walk.step().toFixed(4));

describe('PriceWalk', () => {
  it('replays the same prices for the same seed', () => {
    expect(walkOf(new PriceWalk(settings()), 500)).toEqual(walkOf(new PriceWalk(settings()), 500));
  });

  it('walks differently for another seed', () => {
    expect(walkOf(new PriceWalk(settings({ seed: 43 })), 50)).not.toEqual(walkOf(new PriceWalk(settings()), 50));
  });

  it('starts at the mid and actually moves', () => {
    const walk = new PriceWalk(settings());
    expect(walk.current().toFixed(4)).toBe('1.7000');
    expect(new Set(walkOf(walk, 100)).size).toBeGreaterThan(10);
  });

  it('quotes exactly 4 decimals', () => {
    const walk = new PriceWalk(settings());
    for (let i = 0; i < 1000; i++) {
      const price = walk.step();
      expect(price.decimalPlaces()).toBeLessThanOrEqual(4);
      expect(price.toFixed(4)).toMatch(/^\d+\.\d{4}$/);
    }
  });

  it('stays within mid +/- band over many steps, even when volatile enough to hit both bounds', () => {
    const walk = new PriceWalk(settings({ volatility: new Decimal('0.01'), band: new Decimal('0.01') }));
    expect(walk.lowerBound.toFixed(4)).toBe('1.6830');
    expect(walk.upperBound.toFixed(4)).toBe('1.7170');
    const prices = Array.from({ length: 20000 }, () => walk.step());
    for (const price of prices) {
      expect(price.gte('1.6830') && price.lte('1.7170')).toBe(true);
    }
    // The bounds are reached, so the test above really exercised the clamp.
    expect(prices.some((p) => p.eq('1.6830'))).toBe(true);
    expect(prices.some((p) => p.eq('1.7170'))).toBe(true);
  });

  it('moves at most `volatility` (relative) per step, give or take the 4-decimal rounding', () => {
    const walk = new PriceWalk(settings({ volatility: new Decimal('0.001'), band: new Decimal('0.5') }));
    let previous = walk.current();
    for (let i = 0; i < 2000; i++) {
      const price = walk.step();
      const maxMove = previous.times('0.001').plus('0.0001');
      expect(price.minus(previous).abs().lte(maxMove)).toBe(true);
      previous = price;
    }
  });

  it('stays at the mid when volatility is 0', () => {
    const walk = new PriceWalk(settings({ volatility: new Decimal(0) }));
    expect(new Set(walkOf(walk, 100))).toEqual(new Set(['1.7000']));
  });

  it('keeps bounds on the 4-decimal grid inside the band', () => {
    const walk = new PriceWalk(settings({ mid: new Decimal('1.7001'), band: new Decimal('0.00333') }));
    // 1.7001 * 0.99667 = 1.694438...; 1.7001 * 1.00333 = 1.705761...
    expect(walk.lowerBound.toFixed(4)).toBe('1.6945');
    expect(walk.upperBound.toFixed(4)).toBe('1.7057');
  });

  it('counts its steps', () => {
    const walk = new PriceWalk(settings());
    walkOf(walk, 7);
    expect(walk.steps).toBe(7);
  });
});
