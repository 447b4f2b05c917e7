import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { EXCHANGE_SYMBOL } from '@app/shared-types';
import { MockExchangeConfig } from '../config';
import { binanceErrors } from './binance-errors';
import { BinanceParams } from './binance-signed-request';

/** Prices have 4 decimals, as the literal routes' (AZN per USDT). */
export const TICK_SIZE = '0.0001';

/**
 * The one market under its Binance name (MOCK_EXCHANGE_BINANCE_SYMBOL, default USDTAZN: base
 * USDT, quote AZN), which is the literal routes' AZNUSDT: one USDT priced in AZN, and the
 * order book records it under that design name, so both route families see the same orders.
 */
@Injectable()
export class BinanceSymbol {
  readonly name: string;
  readonly baseAsset = 'USDT';
  readonly quoteAsset = 'AZN';
  /** The book's name for it. */
  readonly bookSymbol = EXCHANGE_SYMBOL;
  readonly stepSize: Decimal;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly minNotional: Decimal;

  constructor(config: MockExchangeConfig) {
    this.name = config.MOCK_EXCHANGE_BINANCE_SYMBOL;
    this.stepSize = new Decimal(config.MOCK_EXCHANGE_BINANCE_STEP_SIZE);
    this.minQty = this.stepSize;
    this.maxQty = new Decimal(config.MOCK_EXCHANGE_BINANCE_MAX_QTY);
    this.minNotional = new Decimal(config.MOCK_EXCHANGE_BINANCE_MIN_NOTIONAL);
  }

  /** The `symbol` parameter, which must name this market (-1121 otherwise). */
  require(params: BinanceParams): void {
    const symbol = params.get('symbol');
    if (symbol === undefined || symbol === '') throw binanceErrors.mandatory('symbol');
    if (symbol !== this.name) throw binanceErrors.badSymbol();
  }

  /** Binance's filters for an order: LOT_SIZE, then NOTIONAL at the given price (-1013 "Filter failure: ..."). */
  checkOrder(quantity: Decimal, price: Decimal): void {
    if (quantity.lt(this.minQty) || quantity.gt(this.maxQty) || !quantity.minus(this.minQty).mod(this.stepSize).isZero()) {
      throw binanceErrors.filterFailure('LOT_SIZE');
    }
    if (quantity.times(price).lt(this.minNotional)) throw binanceErrors.filterFailure('NOTIONAL');
  }

  /** The symbol's entry in exchangeInfo, with the filters in Binance's shape (filters.md). */
  describe(): Record<string, unknown> {
    return {
      symbol: this.name,
      status: 'TRADING',
      baseAsset: this.baseAsset,
      baseAssetPrecision: 8,
      quoteAsset: this.quoteAsset,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['MARKET'],
      icebergAllowed: false,
      ocoAllowed: false,
      quoteOrderQtyMarketAllowed: false,
      allowTrailingStop: false,
      cancelReplaceAllowed: false,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: eight(TICK_SIZE), maxPrice: eight('1000000'), tickSize: eight(TICK_SIZE) },
        { filterType: 'LOT_SIZE', minQty: eight(this.minQty), maxQty: eight(this.maxQty), stepSize: eight(this.stepSize) },
        {
          filterType: 'NOTIONAL',
          minNotional: eight(this.minNotional),
          applyMinToMarket: true,
          maxNotional: eight('9000000000'),
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'NONE',
      allowedSelfTradePreventionModes: ['NONE'],
    };
  }
}

/** Binance writes its decimals with 8 places. */
export function eight(value: Decimal.Value): string {
  return new Decimal(value).toFixed(8);
}
