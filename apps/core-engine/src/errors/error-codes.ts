// The one list of codes (status, retryable, what the bank should do) lives beside the OpenAPI DTOs that need it.
export { CORE_ERROR_CODES } from '@app/shared-types';
export type { CoreErrorCode } from '@app/shared-types';
