import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one Decimal of the Core Engine. Enough significant digits that no intermediate
 * result is rounded (Decimal(20,8) needs 20; a product of two has 40): every rounding in
 * the code is an explicit toDecimalPlaces with a named direction (docs/rounding.md).
 */
export const Decimal = DecimalJs.clone({ precision: 64, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Minor units the product uses on the wire, per currency. */
export const CURRENCY_SCALE = { AZN: 2, USDT: 2 } as const;
export type CurrencyCode = keyof typeof CURRENCY_SCALE;

/** Exchange rates (AZN per USDT) carry 4 decimals, as the exchange quotes them. */
export const RATE_SCALE = 4;

/** Database scale of every money column: Decimal(20,8). */
export const DB_SCALE = 8;

/** A plain decimal string: digits, optional fraction; no sign, exponent, spaces or unicode digits. */
const PLAIN_DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export function isPlainDecimal(value: string): boolean {
  return PLAIN_DECIMAL.test(value);
}

/** Fixed-point string with exactly `scale` decimals, e.g. money(58.47, 2) -> "58.47". */
export function toFixed(value: Decimal, scale: number): string {
  return value.toFixed(scale);
}

/** Decimal places a plain decimal string carries ("100.5" -> 1). */
export function decimalPlaces(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/**
 * A money value as the database stores it: exactly DB_SCALE decimals. A value with more
 * decimals would be rounded silently by the Decimal(20,8) column, and the sums checked in
 * code would then differ from the sums stored: refused here, before anything is written.
 */
export function toDbDecimal(value: Decimal): string {
  if (value.decimalPlaces() > DB_SCALE) throw new Error(`${value.toFixed()} has more than ${DB_SCALE} decimals`);
  return value.toFixed(DB_SCALE);
}
