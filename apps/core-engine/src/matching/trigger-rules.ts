import { buyRate, Decimal, sellRate } from '../money';

const BPS = new Decimal(10000);

export interface OrderTerms {
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'STOP';
  /** limitPrice for a LIMIT, stopPrice for a STOP: a customer rate, AZN per USDT. */
  price: Decimal;
}

/**
 * Whether a customer rate (a trade's `exchangeRate`, the bank's spread included) satisfies the
 * order: a BUY LIMIT executes at or below its limit, a SELL LIMIT at or above; a BUY STOP
 * triggers when the rate has risen to its stop, a SELL STOP when it has fallen to it.
 */
export function rateSatisfies(order: OrderTerms, rate: Decimal): boolean {
  if (order.side === 'BUY') return order.type === 'LIMIT' ? rate.lte(order.price) : rate.gte(order.price);
  return order.type === 'LIMIT' ? rate.gte(order.price) : rate.lte(order.price);
}

/** The customer's rate at an exchange price (the ask for a BUY, the bid for a SELL), as a trade prices it (money/pricing.ts). */
export function customerRate(side: 'BUY' | 'SELL', exchangePrice: Decimal, spreadBps: number): Decimal {
  return side === 'BUY' ? buyRate(exchangePrice, spreadBps) : sellRate(exchangePrice, spreadBps);
}

/**
 * The exchange price at which the order's rate is reached, for the book: rate = price x (1 ±
 * spread), so price = rate / (1 ± spread), to 8 decimals. Only a hint for the book (rates are
 * rounded in the house's favour, so the exact boundary may be a hair away); every execution
 * checks `rateSatisfies` on a fresh price.
 */
export function triggerThreshold(order: OrderTerms, spreadBps: number): Decimal {
  const factor = order.side === 'BUY' ? BPS.plus(spreadBps).div(BPS) : BPS.minus(spreadBps).div(BPS);
  return order.price.div(factor).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
}
