import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** Shared input rules of the Core Engine API (the Mock Bank validates with the same ones). */

/** A bank's customer id: 1-64 characters of letters, digits and _ . : - */
export const BANK_USER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * A positive money amount as a plain decimal string with at most 2 decimals:
 * "100", "100.5", "100.00". No sign, exponent, spaces, separators or unicode digits.
 */
export const MONEY_2DP_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;

/** RFC 4122 textual UUID (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The bankUserId field of every request: a string of BANK_USER_ID_PATTERN. */
export function IsBankUserId(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(BANK_USER_ID_PATTERN, { message: 'bankUserId must be 1-64 letters, digits or _ . : -' }));
}

/** An amount field: a string of MONEY_2DP_PATTERN; `example` goes into the message. */
export function IsMoneyAmount(example?: string): PropertyDecorator {
  const hint = example ? `, e.g. "${example}"` : '';
  return applyDecorators(IsString(), Matches(MONEY_2DP_PATTERN, { message: `amount must be a decimal string with at most 2 decimals${hint}` }));
}
