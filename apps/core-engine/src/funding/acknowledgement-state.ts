import { TransactionStatus } from '@app/prisma-client';
import { BankConnectionError } from '../errors';
import { ClaimedRequest } from '../idempotency';

/**
 * Marks a PENDING deposit or withdrawal whose bank acknowledgement is unknown (timeout,
 * 5xx): a retry with its idempotency key asks the bank again instead of answering 409.
 */
export const ACK_UNKNOWN = new BankConnectionError().errorCode;

/**
 * Whether a repeated key should ask the bank again: the movement is PENDING with no answer
 * given, and either its acknowledgement was unknown, or it is older than `staleAfterMs` (the
 * request that made it died between asking the bank and writing the outcome). A younger
 * one without the mark is still being handled: 409 IDEMPOTENCY_IN_PROGRESS. One marked for
 * review is the operator's (ResolveFundingUseCase): a retry asking the bank again could make it
 * pay while the operator voids it, so a retry replays what was stored (or 409 in progress).
 */
export function awaitsAcknowledgement(claimed: ClaimedRequest, requestHash: string, now: Date, staleAfterMs: number): boolean {
  return (
    claimed.requestHash === requestHash &&
    claimed.status === TransactionStatus.PENDING &&
    claimed.responseStatus === null &&
    claimed.reviewReason === null &&
    (claimed.errorCode === ACK_UNKNOWN || now.getTime() - claimed.createdAt.getTime() > staleAfterMs)
  );
}
