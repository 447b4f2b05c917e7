import Decimal from 'decimal.js';

/** Times on the page are UTC, the core's clock: "13:48:19 UTC". */
export function utcTime(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}

/** "2026-11-26 13:48:19" */
export function utcDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** "20" → "20.00"; anything that is not a number is shown as it came. */
export function money2(amount: string): string {
  return /^\d+(\.\d+)?$/.test(amount) ? new Decimal(amount).toFixed(2) : amount;
}
