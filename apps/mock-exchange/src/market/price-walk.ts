import Decimal from 'decimal.js';
import { Mulberry32 } from '../random';

export interface PriceWalkSettings {
  /** AZN per USDT, at most 4 decimals. */
  mid: Decimal;
  /** Largest relative move of one step. */
  volatility: Decimal;
  /** The walk stays within mid * (1 +/- band). */
  band: Decimal;
  seed: number;
}

const QUOTE_DECIMALS = 4;
/** The walk keeps more precision than it quotes, so small steps add up instead of rounding away. */
const STATE_DECIMALS = 10;
const TWO_TO_31 = new Decimal(2147483648);

/**
 * A bounded random walk: each step moves the price by a uniform relative amount in
 * [-volatility, +volatility) and clamps it into the band. The step is derived from the
 * PRNG's integer output with Decimal arithmetic only, so a seed gives the same prices on
 * every machine.
 */
export class PriceWalk {
  readonly lowerBound: Decimal;
  readonly upperBound: Decimal;
  private readonly random: Mulberry32;
  private price: Decimal;
  private stepCount = 0;

  constructor(readonly settings: PriceWalkSettings) {
    const { mid, band } = settings;
    // Bounds on the 4-decimal grid, inside the band, so every quote respects them.
    this.lowerBound = mid.times(Decimal.sub(1, band)).toDecimalPlaces(QUOTE_DECIMALS, Decimal.ROUND_CEIL);
    this.upperBound = mid.times(Decimal.add(1, band)).toDecimalPlaces(QUOTE_DECIMALS, Decimal.ROUND_FLOOR);
    this.random = new Mulberry32(settings.seed);
    this.price = mid;
  }

  /** Moves one step and returns the new price, 4 decimals. */
  step(): Decimal {
    const unit = new Decimal(this.random.nextUint32()).div(TWO_TO_31).minus(1); // [-1, 1)
    const moved = this.price.times(unit.times(this.settings.volatility).plus(1));
    this.price = Decimal.min(this.upperBound, Decimal.max(this.lowerBound, moved)).toDecimalPlaces(STATE_DECIMALS);
    this.stepCount += 1;
    return this.current();
  }

  /** Where the walk stands, 4 decimals, without stepping. */
  current(): Decimal {
    return this.price.toDecimalPlaces(QUOTE_DECIMALS, Decimal.ROUND_HALF_UP);
  }

  get steps(): number {
    return this.stepCount;
  }
}
