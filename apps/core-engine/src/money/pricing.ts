import { Decimal, RATE_SCALE, CURRENCY_SCALE } from './decimal';

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
 * exchange charged for the same USDT. Exact (2 + 4 decimals fit in the column's 8).
 */
export function buySpreadRevenue(amountAzn: Decimal, cryptoAmount: Decimal, executedPrice: Decimal): Decimal {
  return amountAzn.minus(cryptoAmount.mul(executedPrice));
}

/** On a sell: what the exchange paid for the USDT minus what the customer received. */
export function sellSpreadRevenue(fiatPaid: Decimal, cryptoAmount: Decimal, executedPrice: Decimal): Decimal {
  return cryptoAmount.mul(executedPrice).minus(fiatPaid);
}
