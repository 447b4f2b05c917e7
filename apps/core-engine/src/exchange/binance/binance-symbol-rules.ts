import { Decimal, isPlainDecimal } from '../../money';

/**
 * The symbol's trading rules from GET /api/v3/exchangeInfo (filters.md): LOT_SIZE,
 * PRICE_FILTER and NOTIONAL (or the older MIN_NOTIONAL), as Decimals.
 */
export interface SymbolRules {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  stepSize: Decimal;
  minQty: Decimal;
  maxQty: Decimal;
  tickSize: Decimal | null;
  /** Applied to MARKET orders only when the filter says so (applyMinToMarket). */
  minNotional: Decimal | null;
  maxNotional: Decimal | null;
}

/** The one symbol's rules out of an exchangeInfo answer; throws with the reason when they cannot be read. */
export function readSymbolRules(info: unknown, symbol: string): SymbolRules {
  const symbols = (info as { symbols?: unknown } | null)?.symbols;
  if (!Array.isArray(symbols)) throw new Error('exchangeInfo has no symbols');
  const entry = (symbols as { symbol?: unknown }[]).find((s) => s.symbol === symbol) as Record<string, unknown> | undefined;
  if (!entry) throw new Error(`exchangeInfo does not list ${symbol}`);
  if (entry.status !== 'TRADING') throw new Error(`${symbol} is not trading (status ${JSON.stringify(entry.status)})`);
  const filters = Array.isArray(entry.filters) ? (entry.filters as Record<string, unknown>[]) : [];
  const filter = (type: string) => filters.find((f) => f.filterType === type);
  const lot = filter('LOT_SIZE');
  if (!lot) throw new Error(`${symbol} has no LOT_SIZE filter`);
  const price = filter('PRICE_FILTER');
  const notional = filter('NOTIONAL');
  const minNotional = filter('MIN_NOTIONAL');
  const stepSize = decimal(lot, 'stepSize');
  if (stepSize.lte(0)) throw new Error(`${symbol} LOT_SIZE stepSize ${stepSize.toFixed()} is not positive`);
  return {
    symbol,
    baseAsset: String(entry.baseAsset),
    quoteAsset: String(entry.quoteAsset),
    stepSize,
    minQty: decimal(lot, 'minQty'),
    maxQty: decimal(lot, 'maxQty'),
    tickSize: price ? decimal(price, 'tickSize') : null,
    minNotional: notional
      ? notional.applyMinToMarket === false
        ? null
        : decimal(notional, 'minNotional')
      : minNotional && minNotional.applyToMarket !== false
        ? decimal(minNotional, 'minNotional')
        : null,
    maxNotional: notional && notional.applyMaxToMarket === true ? decimal(notional, 'maxNotional') : null,
  };
}

/**
 * A quantity on the lot step: rounded DOWN to a whole number of steps above minQty (LOT_SIZE's
 * rule: (quantity - minQty) % stepSize == 0), never up: the house never hedges more than
 * the trade it made.
 */
export function roundToStep(quantity: Decimal, rules: Pick<SymbolRules, 'stepSize' | 'minQty'>): Decimal {
  if (quantity.lt(rules.minQty)) return new Decimal(0);
  const steps = quantity.minus(rules.minQty).div(rules.stepSize).floor();
  return rules.minQty.plus(steps.times(rules.stepSize));
}

/** Why a MARKET order of `quantity` at about `price` breaks the rules, or null when it keeps them. */
export function orderProblem(quantity: Decimal, price: Decimal, rules: SymbolRules): string | null {
  const onStep = roundToStep(quantity, rules);
  if (quantity.lt(rules.minQty)) return `${quantity.toFixed()} ${rules.baseAsset} is under the exchange's minimum quantity ${rules.minQty.toFixed()}`;
  if (quantity.gt(rules.maxQty)) return `${quantity.toFixed()} ${rules.baseAsset} is over the exchange's maximum quantity ${rules.maxQty.toFixed()}`;
  if (!onStep.eq(quantity)) {
    return `${quantity.toFixed()} ${rules.baseAsset} is not a multiple of the exchange's lot step ${rules.stepSize.toFixed()} (it would trade ${onStep.toFixed()})`;
  }
  const notional = quantity.times(price);
  if (rules.minNotional && notional.lt(rules.minNotional)) {
    return `the order's value ${notional.toFixed()} ${rules.quoteAsset} is under the exchange's minimum ${rules.minNotional.toFixed()}`;
  }
  if (rules.maxNotional && notional.gt(rules.maxNotional)) {
    return `the order's value ${notional.toFixed()} ${rules.quoteAsset} is over the exchange's maximum ${rules.maxNotional.toFixed()}`;
  }
  return null;
}

function decimal(filter: Record<string, unknown>, field: string): Decimal {
  const value = filter[field];
  if (typeof value !== 'string' || !isPlainDecimal(value))
    throw new Error(`${String(filter.filterType)}.${field} is ${JSON.stringify(value)}, not a decimal`);
  return new Decimal(value);
}
