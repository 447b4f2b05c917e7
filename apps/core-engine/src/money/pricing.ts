import { Decimal, RATE_SCALE, CURRENCY_SCALE, DB_SCALE } from './decimal';

const BPS = new Decimal(10000);

/**
 * Buy (AZN -> USDT). The rounding rules, each in the house's favour by at most one
 * minor unit (docs/rounding.md has worked examples):
 * - exchangeRate = market x (1 + spread), rounded UP to 4 decimals (the customer pays at
 *   most 0.0001 AZN per USDT more than the exact spread price);
 * - cryptoAmount = amount / exchangeRate, rounded DOWN to 2 decimals (the customer gets at
 *   most 0.01 USDT less than the exact quotient).
 */
export function buyRate(marketPrice: Decimal, spreadBps: number): Decimal {
  return marketPrice.mul(BPS.plus(spreadBps)).div(BPS).toDecimalPlaces(RATE_SCALE, Decimal.ROUND_UP);
}

export function cryptoForFiat(amountAzn: Decimal, rate: Decimal): Decimal {
  return amountAzn.div(rate).toDecimalPlaces(CURRENCY_SCALE.USDT, Decimal.ROUND_DOWN);
}

/**
 * Sell (USDT -> AZN), the mirror image:
 * - exchangeRate = market x (1 - spread), rounded DOWN to 4 decimals;
 * - fiatAmount = quantity x exchangeRate, rounded DOWN to 2 decimals.
 */
export function sellRate(marketPrice: Decimal, spreadBps: number): Decimal {
  return marketPrice.mul(BPS.minus(spreadBps)).div(BPS).toDecimalPlaces(RATE_SCALE, Decimal.ROUND_DOWN);
}

export function fiatForCrypto(amountUsdt: Decimal, rate: Decimal): Decimal {
  return amountUsdt.mul(rate).toDecimalPlaces(CURRENCY_SCALE.AZN, Decimal.ROUND_DOWN);
}

/**
 * The house's revenue on a buy, in AZN: what the customer paid minus what the
 * exchange charged for the same USDT. Exact for a 4-decimal fill price (2 + 4 decimals fit
 * in the column's 8); a fill priced with more decimals (7 give 9) is rounded DOWN (towards
 * minus infinity) to 8: the books never show more revenue than the house made, by at most
 * 0.00000001 AZN (docs/rounding.md, rule 5). No customer amount depends on it.
 */
export function buySpreadRevenue(amountAzn: Decimal, cryptoAmount: Decimal, executedPrice: Decimal): Decimal {
  return amountAzn.minus(cryptoAmount.mul(executedPrice)).toDecimalPlaces(DB_SCALE, Decimal.ROUND_FLOOR);
}

/** On a sell: what the exchange paid for the USDT minus what the customer received; rounded as on a buy. */
export function sellSpreadRevenue(fiatPaid: Decimal, cryptoAmount: Decimal, executedPrice: Decimal): Decimal {
  return cryptoAmount.mul(executedPrice).minus(fiatPaid).toDecimalPlaces(DB_SCALE, Decimal.ROUND_FLOOR);
}

/**
 * An exchange price (the ticker's market price, a fill's price) as the Decimal(20,8) columns
 * keep it: unchanged up to 8 decimals; beyond, rounded in the house's favour for the side, by
 * at most 0.00000001 AZN per USDT: UP on a buy (the house pays the exchange at most that
 * much and charges the customer from it), DOWN on a sell (docs/rounding.md, rule 6).
 */
export function priceAtDbScale(side: 'BUY' | 'SELL', price: Decimal): Decimal {
  return price.toDecimalPlaces(DB_SCALE, side === 'BUY' ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}
