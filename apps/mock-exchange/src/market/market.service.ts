import { Injectable, Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { EXCHANGE_SYMBOL, ExchangePriceSettings } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { FaultSettingsService } from '../faults/fault-settings.service';
import { PriceWalk, PriceWalkSettings } from './price-walk';

export interface PriceQuote {
  symbol: string;
  /** AZN per USDT, 4 decimals, the priceJump fault included. */
  price: Decimal;
  /** Unix seconds. */
  timestamp: number;
}

export interface PriceWalkUpdate {
  mid?: Decimal;
  seed?: number;
  volatility?: Decimal;
  band?: Decimal;
}

/**
 * The market for AZNUSDT. The walk advances once per quote: every ticker call and every
 * order that fills takes the next step, so a seed and a sequence of calls replay exactly,
 * and an order fills at the price a ticker call at that moment would have shown.
 */
@Injectable()
export class MarketService {
  private readonly logger = new Logger(MarketService.name);
  private walk: PriceWalk;

  constructor(
    config: MockExchangeConfig,
    private readonly faults: FaultSettingsService,
  ) {
    this.walk = new PriceWalk({
      mid: new Decimal(config.MOCK_EXCHANGE_MID_PRICE),
      volatility: new Decimal(config.MOCK_EXCHANGE_VOLATILITY),
      band: new Decimal(config.MOCK_EXCHANGE_BAND),
      seed: config.MOCK_EXCHANGE_SEED,
    });
  }

  /** Steps the walk and quotes the new price. */
  nextQuote(): PriceQuote {
    const walked = this.walk.step();
    const jump = this.faults.current().priceJump;
    const price = jump.isZero() ? walked : walked.times(jump.plus(1)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    return { symbol: EXCHANGE_SYMBOL, price, timestamp: Math.floor(Date.now() / 1000) };
  }

  /** Restarts the walk at the (new) mid; settings left out keep their value. */
  restartWalk(update: PriceWalkUpdate): ExchangePriceSettings {
    const settings: PriceWalkSettings = { ...this.walk.settings, ...definedOnly(update) };
    this.walk = new PriceWalk(settings);
    this.logger.log(
      `price walk restarted: mid ${settings.mid.toFixed(4)}, seed ${settings.seed}, ` +
        `volatility ${settings.volatility.toFixed()}, band ${settings.band.toFixed()}`,
    );
    return this.describeWalk();
  }

  describeWalk(): ExchangePriceSettings {
    const { mid, seed, volatility, band } = this.walk.settings;
    return {
      mid: mid.toFixed(4),
      seed,
      volatility: volatility.toFixed(),
      band: band.toFixed(),
      lowerBound: this.walk.lowerBound.toFixed(4),
      upperBound: this.walk.upperBound.toFixed(4),
      walkPrice: this.walk.current().toFixed(4),
      steps: this.walk.steps,
    };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
