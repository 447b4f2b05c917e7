import { AdminErrorCode, CoreErrorCode, ERROR_CODE_INFO } from '@app/shared-types';

/**
 * A failure the client can act on. Each subclass has a stable errorCode (part of the API:
 * never renamed) from CORE_ERROR_CODES, which gives its HTTP status and whether a retry
 * can help; one exception filter turns it into the envelope
 * {"success":false,"errorCode","message","retryable"} (docs/errors.md lists every code).
 */
export abstract class DomainError extends Error {
  abstract readonly errorCode: CoreErrorCode | AdminErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  get httpStatus(): number {
    return ERROR_CODE_INFO[this.errorCode].status;
  }

  get retryable(): boolean {
    return ERROR_CODE_INFO[this.errorCode].retryable;
  }
}
