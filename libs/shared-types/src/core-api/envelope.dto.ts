import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiErrorExamples, ErrorExample } from '../openapi/api-error-examples';

/** {"success":false,...}: every error answer of the Core Engine's /api/v1 (docs/errors.md). */
export class ErrorEnvelopeDto {
  @ApiProperty({ type: Boolean, enum: [false], example: false })
  success!: false;

  @ApiProperty({ type: String, example: 'INSUFFICIENT_FUNDS', description: 'Stable: part of the API, never renamed (docs/errors.md).' })
  errorCode!: string;

  @ApiProperty({ type: String, example: 'User AZN balance is too low.', description: 'For humans; may change.' })
  message!: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'VALIDATION_ERROR from the body checks: every problem, one string each. LIMIT_EXCEEDED: "limit: <operation> <per operation|per 24 hours>, <amount> AZN" and "remaining: <amount> AZN".',
  })
  details?: string[];
}

const VALIDATION_PROBLEM = 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"';

function coreError(status: number, errorCode: string, message: string, summary = errorCode) {
  return { status, code: errorCode, summary, value: { success: false, errorCode, message } };
}

/**
 * The Core Engine's error answers with their literal bodies, by example name. The messages
 * are those of the error classes (apps/core-engine/src/errors); test/openapi checks they agree.
 */
export const CORE_ERROR_EXAMPLES = {
  VALIDATION_ERROR: {
    status: 400,
    code: 'VALIDATION_ERROR',
    summary: 'VALIDATION_ERROR: the body breaks its rules',
    value: { success: false, errorCode: 'VALIDATION_ERROR', message: VALIDATION_PROBLEM, details: [VALIDATION_PROBLEM] },
  },
  MALFORMED_JSON: coreError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.'),
  MISSING_IDEMPOTENCY_KEY: coreError(400, 'MISSING_IDEMPOTENCY_KEY', 'The x-idempotency-key header is required.'),
  INVALID_IDEMPOTENCY_KEY: coreError(400, 'INVALID_IDEMPOTENCY_KEY', 'The x-idempotency-key header must be a UUID.'),
  MISSING_API_KEY: coreError(401, 'MISSING_API_KEY', 'The x-api-key header is required.'),
  INVALID_API_KEY: coreError(401, 'INVALID_API_KEY', 'The API key is not valid.'),
  USER_NOT_FOUND: coreError(404, 'USER_NOT_FOUND', 'No such user for this bank.'),
  TRANSACTION_NOT_FOUND: coreError(404, 'TRANSACTION_NOT_FOUND', 'No such transaction for this bank.'),
  QUOTE_NOT_FOUND: coreError(404, 'QUOTE_NOT_FOUND', 'No such quote for this bank and user.'),
  EVENT_NOT_FOUND: coreError(404, 'EVENT_NOT_FOUND', 'No such event for this bank.'),
  IDEMPOTENCY_IN_PROGRESS: coreError(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this idempotency key is still being processed; retry later.'),
  CONCURRENT_UPDATE: coreError(
    409,
    'CONCURRENT_UPDATE',
    'The account was changed by other requests 30 times in a row; nothing was written. Retry with the same idempotency key.',
  ),
  QUOTE_ALREADY_USED: coreError(409, 'QUOTE_ALREADY_USED', 'The quote was already used for a trade.'),
  SLIPPAGE_EXCEEDED: coreError(409, 'SLIPPAGE_EXCEEDED', 'The market moved from 1.6847 to 1.6940, beyond the 50 bps tolerance; request a new quote.'),
  QUOTE_EXPIRED: coreError(410, 'QUOTE_EXPIRED', 'The quote has expired; request a new one.'),
  INSUFFICIENT_FUNDS: coreError(422, 'INSUFFICIENT_FUNDS', 'User AZN balance is too low.'),
  INSUFFICIENT_FUNDS_USDT: coreError(422, 'INSUFFICIENT_FUNDS', 'User USDT balance is too low.', 'INSUFFICIENT_FUNDS (USDT)'),
  AMOUNT_TOO_SMALL: coreError(422, 'AMOUNT_TOO_SMALL', 'The amount must be greater than 0 AZN.'),
  AMOUNT_TOO_LARGE: coreError(422, 'AMOUNT_TOO_LARGE', 'The amount exceeds the limit of 100000.00 AZN per operation.'),
  IDEMPOTENCY_KEY_REUSED: coreError(422, 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used with a different request.'),
  LIMIT_EXCEEDED: {
    status: 422,
    code: 'LIMIT_EXCEEDED',
    summary: "LIMIT_EXCEEDED: over a limit of the customer's KYC level",
    value: {
      success: false,
      errorCode: 'LIMIT_EXCEEDED',
      message: "The amount exceeds the customer's BUY limit of 20000.00 AZN per 24 hours; 1200.00 AZN remain allowed.",
      details: ['limit: BUY per 24 hours, 20000.00 AZN', 'remaining: 1200.00 AZN'],
    },
  },
  QUOTE_MISMATCH: coreError(422, 'QUOTE_MISMATCH', 'The request does not match the quote: the quote is for 100.00 AZN.'),
  RATE_LIMITED: coreError(429, 'RATE_LIMITED', 'Too many requests for this API key; retry after 1 s.'),
  BANK_CONNECTION_ERROR: coreError(502, 'BANK_CONNECTION_ERROR', 'The bank did not answer in time; retry with the same idempotency key.'),
  INSUFFICIENT_LIQUIDITY: coreError(503, 'INSUFFICIENT_LIQUIDITY', 'The exchange cannot fill this order right now.'),
  SERVICE_BUSY: coreError(503, 'SERVICE_BUSY', 'The service is busy; retry the request with the same idempotency key.'),
} satisfies Record<string, ErrorExample>;

export type CoreErrorExampleName = keyof typeof CORE_ERROR_EXAMPLES;

/** Documents the error answers of a Core Engine endpoint, typed as ErrorEnvelopeDto. */
export const ApiCoreErrors = (...names: CoreErrorExampleName[]): MethodDecorator & ClassDecorator =>
  ApiErrorExamples(ErrorEnvelopeDto, CORE_ERROR_EXAMPLES, names);
