import { AcknowledgementRequest, BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN } from '@app/shared-types';
import { InvalidCoreMessageError } from '../errors';

/** The acknowledgement contract's fields, checked after the signature (the core could still be on another version). */
export function readAcknowledgementRequest(value: unknown): AcknowledgementRequest {
  const v = (value ?? {}) as Record<string, unknown>;
  const problems = [
    typeof v.reference === 'string' && v.reference.length > 0 && v.reference.length <= 128 ? null : 'reference',
    v.operation === 'DEPOSIT' || v.operation === 'WITHDRAWAL' ? null : 'operation',
    typeof v.bankUserId === 'string' && BANK_USER_ID_PATTERN.test(v.bankUserId) ? null : 'bankUserId',
    typeof v.amount === 'string' && MONEY_2DP_PATTERN.test(v.amount) ? null : 'amount',
    v.currency === 'AZN' ? null : 'currency',
  ].filter((p): p is string => p !== null);
  if (problems.length) throw new InvalidCoreMessageError(`Invalid acknowledgement request: ${problems.join(', ')}`);
  return v as unknown as AcknowledgementRequest;
}
