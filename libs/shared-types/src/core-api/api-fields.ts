import { ApiHeaderOptions, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER } from '../openapi/app-specs';
import { BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN } from './validation';

/** The quote id the examples share (a quote's id is a UUID). */
export const QUOTE_ID_EXAMPLE = '5b0c1f64-8a1e-4f55-9a43-3c2f8b6d7e10';

/** The bank's id for its customer, as every request names it. */
export const ApiBankUserId = (): PropertyDecorator =>
  ApiProperty({
    type: String,
    example: 'user_123',
    pattern: BANK_USER_ID_PATTERN.source,
    description: "The bank's id for its customer: 1-64 letters, digits or _ . : -",
  });

/** A money amount in a request: a decimal string, never a JSON number. */
export const ApiAmount = (description: string, example: string): PropertyDecorator =>
  ApiProperty({
    type: String,
    example,
    pattern: MONEY_2DP_PATTERN.source,
    description: `${description} A decimal string with at most 2 decimals.`,
  });

export const ApiQuoteId = (): PropertyDecorator =>
  ApiPropertyOptional({
    type: String,
    minLength: 1,
    maxLength: 64,
    example: QUOTE_ID_EXAMPLE,
    description: 'A quote from POST /api/v1/trade/quote: the trade runs at its rate if it is unused, unexpired, for the same side and amount.',
  });

/** A decimal in an answer: a string with fixed decimals. */
export const ApiDecimal = (example: string, description: string): PropertyDecorator => ApiProperty({ type: String, example, description });

/** The x-idempotency-key header of every POST that moves money. */
export const IDEMPOTENCY_KEY_HEADER_DOC: ApiHeaderOptions = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: true,
  description:
    'A UUID, new for each operation and sent unchanged on its retries: the same key with the same body ' +
    'replays the stored answer; with another body it answers 422 IDEMPOTENCY_KEY_REUSED.',
  schema: { type: 'string', format: 'uuid', example: 'd7a8c1e2-3b4f-4a5d-8e6f-7a8b9c0d1e2f' },
};
