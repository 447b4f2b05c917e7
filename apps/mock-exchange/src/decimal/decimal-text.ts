import Decimal from 'decimal.js';

/**
 * Plain decimal notation only: no sign other than a leading "-", no exponent, no spaces,
 * no leading zeros ("050"), no bare point ("5." or ".5"). Money arrives as text so that
 * "50.00" stays "50.00"; anything a parser would have to guess at is refused.
 */
export function decimalPattern(maxDecimals: number, allowNegative = false): RegExp {
  const sign = allowNegative ? '-?' : '';
  const fraction = maxDecimals > 0 ? `(?:\\.\\d{1,${maxDecimals}})?` : '';
  return new RegExp(`^${sign}(?:0|[1-9]\\d{0,14})${fraction}$`);
}

export interface DecimalTextRule {
  maxDecimals: number;
  /** Inclusive unless `exclusiveMin`. */
  min?: string;
  exclusiveMin?: boolean;
  /** Inclusive. */
  max?: string;
}

/** True when `value` is a string in plain decimal notation within the rule's range. */
export function isDecimalText(value: unknown, rule: DecimalTextRule): value is string {
  const allowNegative = rule.min !== undefined && new Decimal(rule.min).isNegative();
  if (typeof value !== 'string' || !decimalPattern(rule.maxDecimals, allowNegative).test(value)) {
    return false;
  }
  const amount = new Decimal(value);
  if (rule.min !== undefined) {
    const min = new Decimal(rule.min);
    if (rule.exclusiveMin ? amount.lte(min) : amount.lt(min)) return false;
  }
  return rule.max === undefined || amount.lte(rule.max);
}

/** The rule in words, for error messages. */
export function describeDecimalRule(rule: DecimalTextRule): string {
  const range: string[] = [];
  if (rule.min !== undefined) range.push(`${rule.exclusiveMin ? '>' : '>='} ${rule.min}`);
  if (rule.max !== undefined) range.push(`<= ${rule.max}`);
  const within = range.length ? `, ${range.join(' and ')}` : '';
  return `a decimal string with at most ${rule.maxDecimals} decimals${within}`;
}
