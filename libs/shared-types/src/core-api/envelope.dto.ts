import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiErrorExamples, ErrorExample } from '../openapi/api-error-examples';
import { CORE_ERROR_CODE_NAMES, CORE_ERROR_CODES, CoreErrorCode } from './error-codes';

/** {"success":false,...}: every error answer of the Core Engine's /api/v1 (docs/errors.md). */
export class ErrorEnvelopeDto {
  @ApiProperty({ type: Boolean, enum: [false], example: false })
  success!: false;

  @ApiProperty({
    type: String,
    enum: CORE_ERROR_CODE_NAMES,
    example: 'INSUFFICIENT_FUNDS',
    description: 'Stable: part of the API, never renamed; new codes may be added (docs/errors.md says what to do for each).',
  })
  errorCode!: CoreErrorCode;

  @ApiProperty({ type: String, example: 'User AZN balance is too low.', description: 'For humans; may change.' })
  message!: string;

  @ApiProperty({
    type: Boolean,
    example: false,
    description:
      'Whether the same request with the same idempotency key may succeed later with nothing changed on your side ' +
      '(a transient state). False: the answer is final for this request.',
  })
  retryable!: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    example: '3f2b8c1d-6e4a-4b7c-9d0e-1a2b3c4d5e6f',
    description:
      'The Transaction the request created, when it got that far: a FAILED trade (INSUFFICIENT_LIQUIDITY ORDER_REJECTED), deposit or ' +
      'withdrawal (BANK_REFUSED), or a PENDING deposit or withdrawal (BANK_CONNECTION_ERROR). Matches the trade.failed event.',
  })
  transactionId?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'VALIDATION_ERROR from the body checks: every problem, one string each. LIMIT_EXCEEDED: "limit: <operation> <per operation|per 24 hours>, <amount> AZN" and "remaining: <amount> AZN".',
  })
  details?: string[];

  @ApiPropertyOptional({
    type: String,
    enum: ['EXCHANGE_UNAVAILABLE', 'ORDER_REJECTED'],
    example: 'ORDER_REJECTED',
    description:
      'INSUFFICIENT_LIQUIDITY only: the cause, to branch on without parsing the message. EXCHANGE_UNAVAILABLE: the exchange ' +
      'could not be reached or gave no usable price, nothing was written (retryable: true). ORDER_REJECTED: the exchange ' +
      'refused the order, the trade is FAILED (retryable: false, transactionId).',
  })
  reason?: 'EXCHANGE_UNAVAILABLE' | 'ORDER_REJECTED';
}

const VALIDATION_PROBLEM = 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"';

/** An example transaction id: a UUID, as the API gives them. */
const FAILED_TRANSACTION_ID = '3f2b8c1d-6e4a-4b7c-9d0e-1a2b3c4d5e6f';

function coreError(errorCode: CoreErrorCode, message: string, summary: string = errorCode, transactionId?: string) {
  const { status, retryable } = CORE_ERROR_CODES[errorCode];
  return { status, code: errorCode, summary, value: { success: false, errorCode, message, retryable, ...(transactionId && { transactionId }) } };
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
    value: { success: false, errorCode: 'VALIDATION_ERROR', message: VALIDATION_PROBLEM, retryable: false, details: [VALIDATION_PROBLEM] },
  },
  MALFORMED_JSON: coreError('MALFORMED_JSON', 'The request body is not valid JSON.'),
  MISSING_IDEMPOTENCY_KEY: coreError('MISSING_IDEMPOTENCY_KEY', 'The Idempotency-Key (or x-idempotency-key) header is required.'),
  INVALID_IDEMPOTENCY_KEY: coreError('INVALID_IDEMPOTENCY_KEY', 'The idempotency key must be a UUID, sent once.'),
  IDEMPOTENCY_KEY_CONFLICT: coreError('IDEMPOTENCY_KEY_CONFLICT', 'Idempotency-Key and x-idempotency-key carry different keys; send one key.'),
  MISSING_API_KEY: coreError('MISSING_API_KEY', 'The x-api-key header is required.'),
  INVALID_API_KEY: coreError('INVALID_API_KEY', 'The API key is not valid.'),
  NOT_FOUND: coreError('NOT_FOUND', 'No such endpoint.'),
  USER_NOT_FOUND: coreError('USER_NOT_FOUND', 'No such user for this bank.'),
  TRANSACTION_NOT_FOUND: coreError('TRANSACTION_NOT_FOUND', 'No such transaction for this bank.'),
  QUOTE_NOT_FOUND: coreError('QUOTE_NOT_FOUND', 'No such quote for this bank and user.'),
  ORDER_NOT_FOUND: coreError('ORDER_NOT_FOUND', 'No such order for this bank.'),
  ORDER_NOT_OPEN: coreError('ORDER_NOT_OPEN', 'The order is FILLED: only an OPEN order can be cancelled.'),
  INVALID_ORDER_PRICE: coreError('INVALID_ORDER_PRICE', 'A LIMIT order needs limitPrice, and no stopPrice.'),
  INVALID_ORDER_EXPIRY: coreError('INVALID_ORDER_EXPIRY', 'expiresAt must be in the future and at most 90 days ahead.'),
  EVENT_NOT_FOUND: coreError('EVENT_NOT_FOUND', 'No such event for this bank.'),
  PROOF_NOT_AVAILABLE: coreError('PROOF_NOT_AVAILABLE', 'No liabilities snapshot includes this customer yet.'),
  IDEMPOTENCY_IN_PROGRESS: coreError('IDEMPOTENCY_IN_PROGRESS', 'A request with this idempotency key is still being processed; retry later.'),
  CONCURRENT_UPDATE: coreError(
    'CONCURRENT_UPDATE',
    'The account was changed by other requests 30 times in a row; nothing was written. Retry with the same idempotency key.',
  ),
  QUOTE_ALREADY_USED: coreError('QUOTE_ALREADY_USED', 'The quote was already used for a trade.'),
  SLIPPAGE_EXCEEDED: coreError('SLIPPAGE_EXCEEDED', 'The market moved from 1.6847 to 1.6940, beyond the 50 bps tolerance; request a new quote.'),
  QUOTE_EXPIRED: coreError('QUOTE_EXPIRED', 'The quote has expired; request a new one.'),
  PAYLOAD_TOO_LARGE: coreError('PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  UNSUPPORTED_MEDIA_TYPE: coreError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON in UTF-8.'),
  INSUFFICIENT_FUNDS: coreError('INSUFFICIENT_FUNDS', 'User AZN balance is too low.'),
  INSUFFICIENT_FUNDS_USDT: coreError('INSUFFICIENT_FUNDS', 'User USDT balance is too low.', 'INSUFFICIENT_FUNDS (USDT)'),
  AMOUNT_TOO_SMALL: coreError('AMOUNT_TOO_SMALL', 'The amount must be greater than 0 AZN.'),
  AMOUNT_TOO_LARGE: coreError('AMOUNT_TOO_LARGE', 'The amount exceeds the limit of 100000.00 AZN per operation.'),
  IDEMPOTENCY_KEY_REUSED: coreError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used with a different request.'),
  LIMIT_EXCEEDED: {
    status: 422,
    code: 'LIMIT_EXCEEDED',
    summary: "LIMIT_EXCEEDED: over a limit of the customer's KYC level",
    value: {
      success: false,
      errorCode: 'LIMIT_EXCEEDED',
      message: "The amount exceeds the customer's BUY limit of 20000.00 AZN per 24 hours; 1200.00 AZN remain allowed.",
      retryable: false,
      details: ['limit: BUY per 24 hours, 20000.00 AZN', 'remaining: 1200.00 AZN'],
    },
  },
  QUOTE_MISMATCH: coreError('QUOTE_MISMATCH', 'The request does not match the quote: the quote is for 100.00 AZN.'),
  RATE_LIMITED: coreError('RATE_LIMITED', 'Too many requests for this API key; retry after 1 s.'),
  INTERNAL_ERROR: coreError('INTERNAL_ERROR', 'An internal error occurred (reference 9b2d4f6a-8c0e-4a1b-b3d5-e7f9a1b3c5d7).'),
  BANK_CONNECTION_ERROR: coreError(
    'BANK_CONNECTION_ERROR',
    'The bank did not answer in time; retry with the same idempotency key.',
    'BANK_CONNECTION_ERROR: outcome unknown, PENDING',
    FAILED_TRANSACTION_ID,
  ),
  BANK_REFUSED: coreError(
    'BANK_REFUSED',
    'The bank did not acknowledge the deposit: insufficient funds in the bank account.',
    'BANK_REFUSED: FAILED, final',
    FAILED_TRANSACTION_ID,
  ),
  INSUFFICIENT_LIQUIDITY: {
    status: 503,
    code: 'INSUFFICIENT_LIQUIDITY',
    summary: 'INSUFFICIENT_LIQUIDITY (ORDER_REJECTED): FAILED, final',
    value: {
      success: false,
      errorCode: 'INSUFFICIENT_LIQUIDITY',
      message: 'The exchange cannot fill this order right now.',
      retryable: false,
      transactionId: FAILED_TRANSACTION_ID,
      reason: 'ORDER_REJECTED',
    },
  },
  INSUFFICIENT_LIQUIDITY_UNAVAILABLE: {
    status: 503,
    code: 'INSUFFICIENT_LIQUIDITY',
    summary: 'INSUFFICIENT_LIQUIDITY (EXCHANGE_UNAVAILABLE): nothing written, retry',
    value: {
      success: false,
      errorCode: 'INSUFFICIENT_LIQUIDITY',
      message: 'The exchange is not available; no price can be given. Retry with the same idempotency key.',
      retryable: true,
      reason: 'EXCHANGE_UNAVAILABLE',
    },
  },
  SERVICE_BUSY: coreError('SERVICE_BUSY', 'The service is busy; retry the request with the same idempotency key.'),
} satisfies Record<string, ErrorExample>;

export type CoreErrorExampleName = keyof typeof CORE_ERROR_EXAMPLES;

/** Documents the error answers of a Core Engine endpoint, typed as ErrorEnvelopeDto. */
export const ApiCoreErrors = (...names: CoreErrorExampleName[]): MethodDecorator & ClassDecorator =>
  ApiErrorExamples(ErrorEnvelopeDto, CORE_ERROR_EXAMPLES, names);
