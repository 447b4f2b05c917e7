import { Injectable, Logger } from '@nestjs/common';

/** How the /api/v3 order routes fill a MARKET order. */
export const BINANCE_FILL_MODES = ['FULL', 'PARTIAL', 'EXPIRED'] as const;
export type BinanceFillMode = (typeof BINANCE_FILL_MODES)[number];

export interface BinanceFaults {
  /**
   * Every /api/v3 request is answered with this status (429: rate limit hit; 418: IP banned)
   * and `Retry-After: retryAfterSeconds`, before it is read: nothing is placed.
   */
  rateLimit: { status: 429 | 418; retryAfterSeconds: number } | null;
  /**
   * FULL: the order fills whole (FILLED). PARTIAL: half of it fills (rounded down to the lot
   * step) and the rest expires: status EXPIRED with executedQty > 0, as Binance answers a
   * MARKET order the book could not fill. EXPIRED: nothing fills (EXPIRED, executedQty 0).
   */
  fill: BinanceFillMode;
  /** The mock's server clock, apart from the real one by this much (negative: behind). */
  clockOffsetMs: number;
}

const NONE: BinanceFaults = { rateLimit: null, fill: 'FULL', clockOffsetMs: 0 };

/**
 * The faults only the Binance routes have (the literal routes' contract has no partial fill,
 * rate limit or server clock). The shared faults (down, errorRate, latency, hang,
 * loseResponses, liquidityLimit, priceJump) act on /api/v3 as on the literal routes.
 */
@Injectable()
export class BinanceFaultsService {
  private readonly logger = new Logger(BinanceFaultsService.name);
  private faults: BinanceFaults = NONE;

  current(): BinanceFaults {
    return this.faults;
  }

  update(update: Partial<BinanceFaults>): BinanceFaults {
    this.faults = { ...this.faults, ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)) };
    this.logger.warn(`binance faults changed: ${JSON.stringify(this.faults)}`);
    return this.faults;
  }

  reset(): BinanceFaults {
    this.faults = NONE;
    return this.faults;
  }

  /** The mock's server time, in milliseconds. */
  serverTime(): number {
    return Date.now() + this.faults.clockOffsetMs;
  }
}
