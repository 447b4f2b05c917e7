// @Type needs the metadata API when the class is defined, which may be before Nest loads it (unit tests).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { FAULT_SCOPES, FaultScope } from '@app/shared-types';
import { IsDecimalText } from '../decimal';
import { EnvFlag } from './env-flag';

/**
 * The Mock Exchange's settings, read from the environment once at boot
 * (see the root .env.example). Tests build one with validateEnv(MockExchangeConfig, {...}).
 * Decimals stay strings here; services turn them into Decimal.
 */
export class MockExchangeConfig {
  /** The house's opening balances at the venue (GET /api/v3/account); each fill moves them. */
  @Matches(/^[0-9]{1,12}(\.[0-9]{1,8})?$/, { message: 'MOCK_EXCHANGE_HOUSE_AZN must be an unsigned decimal' })
  MOCK_EXCHANGE_HOUSE_AZN = '1000000.00';

  @Matches(/^[0-9]{1,12}(\.[0-9]{1,8})?$/, { message: 'MOCK_EXCHANGE_HOUSE_USDT must be an unsigned decimal' })
  MOCK_EXCHANGE_HOUSE_USDT = '1000000.00';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  MOCK_EXCHANGE_PORT = 3001;

  /** Required: the admin API switches faults, so it never runs with a guessable default. */
  @IsString()
  @Matches(/^\S+$/, { message: 'MOCK_EXCHANGE_ADMIN_KEY must be a non-empty string without spaces' })
  MOCK_EXCHANGE_ADMIN_KEY!: string;

  /** Seeds the price walk and the errorRate draws, so a run can be replayed. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4294967295)
  MOCK_EXCHANGE_SEED = 42;

  /** AZN per USDT around which the price walks (the AZN is pegged near 1.70). */
  @IsDecimalText({ maxDecimals: 4, min: '0', exclusiveMin: true, max: '1000000' })
  MOCK_EXCHANGE_MID_PRICE = '1.7000';

  /** Largest relative move of one step, e.g. "0.0005" = 0.05%; "0" pins the price. */
  @IsDecimalText({ maxDecimals: 8, min: '0', max: '0.1' })
  MOCK_EXCHANGE_VOLATILITY = '0.0005';

  /** The walk stays within mid * (1 +/- band). */
  @IsDecimalText({ maxDecimals: 8, min: '0', max: '0.5' })
  MOCK_EXCHANGE_BAND = '0.01';

  /** How many orders the in-memory book keeps; the oldest are forgotten first. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000000)
  MOCK_EXCHANGE_MAX_ORDERS = 100000;

  /**
   * The journal of filled orders, read back at start so that a restart forgets no fill
   * (relative to the working directory); empty keeps the book in memory only.
   */
  @IsString()
  MOCK_EXCHANGE_ORDERS_FILE = '.data/mock-exchange/orders.jsonl';

  // Faults in force from the start; the admin API changes them and /admin/faults/reset returns here.

  @EnvFlag()
  @IsBoolean()
  MOCK_EXCHANGE_DOWN = false;

  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  MOCK_EXCHANGE_ERROR_RATE = 0;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600000)
  MOCK_EXCHANGE_LATENCY_MS = 0;

  @EnvFlag()
  @IsBoolean()
  MOCK_EXCHANGE_HANG = false;

  @EnvFlag()
  @IsBoolean()
  MOCK_EXCHANGE_LOSE_RESPONSES = false;

  /** "all": faults act on every exchange endpoint; "orders": only on /order (the ticker answers). */
  @IsIn(FAULT_SCOPES)
  MOCK_EXCHANGE_FAULT_SCOPE: FaultScope = 'all';

  /** USDT; unset means no limit. */
  @IsOptional()
  @IsDecimalText({ maxDecimals: 8, min: '0', exclusiveMin: true })
  MOCK_EXCHANGE_LIQUIDITY_LIMIT?: string;

  /** Relative shift of every price, e.g. "0.02" = +2%. */
  @IsDecimalText({ maxDecimals: 8, min: '-0.5', max: '0.5' })
  MOCK_EXCHANGE_PRICE_JUMP = '0';

  // The Binance Spot routes under /api/v3 (apps/mock-exchange/src/binance, docs/exchange-venues.md).

  /** The API key a signed /api/v3 request must carry in X-MBX-APIKEY; unset: every signed request is refused (-2015). */
  @IsOptional()
  @Matches(/^\S+$/, { message: 'MOCK_EXCHANGE_BINANCE_API_KEY must be a non-empty string without spaces' })
  MOCK_EXCHANGE_BINANCE_API_KEY?: string;

  /** The secret the signature of a signed /api/v3 request is checked with (HMAC-SHA256). */
  @IsOptional()
  @Matches(/^\S+$/, { message: 'MOCK_EXCHANGE_BINANCE_API_SECRET must be a non-empty string without spaces' })
  MOCK_EXCHANGE_BINANCE_API_SECRET?: string;

  /** The Binance-style name of the one market: base USDT, quote AZN (the design's AZNUSDT). */
  @Matches(/^[A-Z0-9]{2,20}$/, { message: 'MOCK_EXCHANGE_BINANCE_SYMBOL must be 2 to 20 of A-Z, 0-9' })
  MOCK_EXCHANGE_BINANCE_SYMBOL = 'USDTAZN';

  /** LOT_SIZE stepSize (and minQty), in USDT. */
  @IsDecimalText({ maxDecimals: 8, min: '0', exclusiveMin: true })
  MOCK_EXCHANGE_BINANCE_STEP_SIZE = '0.01';

  /** LOT_SIZE maxQty, in USDT. */
  @IsDecimalText({ maxDecimals: 8, min: '0', exclusiveMin: true })
  MOCK_EXCHANGE_BINANCE_MAX_QTY = '9000000.00';

  /** NOTIONAL minNotional, in AZN (quantity x price of a MARKET order). */
  @IsDecimalText({ maxDecimals: 8, min: '0' })
  MOCK_EXCHANGE_BINANCE_MIN_NOTIONAL = '0.01';

  /** As the Core Engine's: "silent" logs nothing; fatal, error, warn, log (unset, or anything else), debug, verbose. */
  @IsOptional()
  @IsString()
  LOG_LEVEL?: string;
}
