import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PrismaService } from '@app/database';
import { Prisma } from '@app/prisma-client';
import { ApiResult, IdempotencyInProgressError, IdempotencyKeyReusedError } from '../errors';

/** The unique index through which a Transaction row claims its (bank, key). */
const KEY_INDEX = 'Transaction_bankId_idempotencyKey_key';

/** The fields of a Transaction that decide what a repeated key gets. */
export interface ClaimedRequest {
  id: string;
  status: string;
  errorCode: string | null;
  createdAt: Date;
  requestHash: string;
  responseStatus: number | null;
  responseBody: string | null;
  /** Set while the movement is marked for review: only an operator settles it then. */
  reviewReason: string | null;
}

/** The columns that store an answer for replays (the body as the exact JSON text sent). */
export function storedAnswer(result: ApiResult): { responseStatus: number; responseBody: string } {
  return { responseStatus: result.httpStatus, responseBody: JSON.stringify(result.body) };
}

/**
 * Idempotency keys are claimed by the Transaction row itself (unique per bank + key), in
 * the same database transaction that reserves the funds: a request either owns its key
 * and its hold, or neither. A repeat of the key then gets:
 * - the stored answer (same status, same body) once the first request answered;
 * - 409 IDEMPOTENCY_IN_PROGRESS while the first is still running;
 * - 422 IDEMPOTENCY_KEY_REUSED when the body differs.
 * A request refused before the claim (validation, unknown user, insufficient funds) does
 * not consume its key: a retry is evaluated afresh.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly prisma: PrismaService) {}

  /** SHA-256 of the operation and its body with keys sorted: the request's fingerprint. */
  fingerprint(operation: string, body: object): string {
    const entries = Object.entries(body)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return createHash('sha256')
      .update(JSON.stringify([operation, entries]))
      .digest('hex');
  }

  async find(bankId: string, idempotencyKey: string): Promise<ClaimedRequest | null> {
    return this.prisma.transaction.findUnique({
      where: { bankId_idempotencyKey: { bankId, idempotencyKey } },
      select: {
        id: true,
        status: true,
        errorCode: true,
        createdAt: true,
        requestHash: true,
        responseStatus: true,
        responseBody: true,
        reviewReason: true,
      },
    });
  }

  /** What a repeated key answers (or throws), given the request that claimed it. */
  replay(claimed: ClaimedRequest, requestHash: string): ApiResult {
    if (claimed.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    if (claimed.responseStatus === null || claimed.responseBody === null) throw new IdempotencyInProgressError();
    return { httpStatus: claimed.responseStatus, body: withErrorFields(JSON.parse(claimed.responseBody) as ApiResult['body'], claimed.id) };
  }

  /**
   * The claim found the key taken: another request inserted the same (bank, key) first, and
   * Prisma reports the unique violation of that index as P2002.
   */
  isKeyConflict(error: unknown): boolean {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
    const target = JSON.stringify(error.meta ?? {});
    return target.includes('idempotencyKey') || target.includes(KEY_INDEX);
  }

  /**
   * A request was refused before it could claim its key (trades do not look the key up
   * first: phase 1's insert claims it and a taken key is answered from there). If the key
   * is claimed after all, this is a retry of an accepted request: it gets that request's
   * answer, even though the same request would be refused now (its quote is used, by
   * itself; the exchange is unreachable; a lower limit). Otherwise the refusal stands.
   */
  async replayOrThrow(refusal: unknown, bankId: string, idempotencyKey: string, requestHash: string): Promise<ApiResult> {
    const claimed = await this.find(bankId, idempotencyKey);
    if (!claimed) throw refusal;
    return this.replay(claimed, requestHash);
  }

  /** After a lost race: the winner's row is committed by now (the insert waited for it). */
  async replayAfterConflict(bankId: string, idempotencyKey: string, requestHash: string): Promise<ApiResult> {
    const claimed = await this.find(bankId, idempotencyKey);
    if (!claimed) throw new IdempotencyInProgressError();
    return this.replay(claimed, requestHash);
  }
}

/**
 * A stored error answer as sent, which since `retryable` and `transactionId` exist carries
 * both. One stored before lacks them: a stored error is final for its key (a replay answers
 * it again), so not retryable, and it belongs to the Transaction that stored it.
 */
function withErrorFields(body: ApiResult['body'], transactionId: string): ApiResult['body'] {
  if (body.success || typeof body.retryable === 'boolean') return body;
  return { ...body, retryable: false, transactionId: body.transactionId ?? transactionId };
}
