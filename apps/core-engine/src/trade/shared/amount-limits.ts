import { AmountTooLargeError, AmountTooSmallError } from '../../errors';
import { Decimal } from '../../money';

/** The amount is positive and within the per-operation limit. */
export function checkAmount(amount: Decimal, max: Decimal, currency: string): void {
  if (amount.lte(0)) throw new AmountTooSmallError(`The amount must be greater than 0 ${currency}.`);
  if (amount.gt(max)) throw new AmountTooLargeError(max.toFixed(2), currency);
}
