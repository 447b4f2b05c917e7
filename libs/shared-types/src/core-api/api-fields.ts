import { ApiHeaderOptions, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER } from '../openapi/app-specs';
import { BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN } from './validation';

/** The transaction id the examples share: a UUID, as the API gives them and GET /api/v1/transactions/{id} takes them. */
export const TRANSACTION_ID_EXAMPLE = 'c0a8012e-7d4b-4f1e-9b2a-5e6f7a8b9c0d';

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
    description:
      'A quote from POST /api/v1/trade/quote: the trade runs at its rate if it is unused, unexpired, for the same side and amount. ' +
      "The quote is firm within the bank's slippageToleranceBps (default 50): the trade gets the quoted amounts exactly " +
      'unless the market price at the trade has moved against the house by more than that since the quote (a buy: above ' +
      'the quoted market price × (1 + tolerance); a sell: below × (1 − tolerance)); then 409 SLIPPAGE_EXCEEDED and nothing moves.',
  });

/** A decimal in an answer: a string with fixed decimals. */
export const ApiDecimal = (example: string, description: string): PropertyDecorator => ApiProperty({ type: String, example, description });

const IDEMPOTENCY_KEY_EXAMPLE = 'd7a8c1e2-3b4f-4a5d-8e6f-7a8b9c0d1e2f';

/** The x-idempotency-key header of every POST that moves money. */
export const IDEMPOTENCY_KEY_HEADER_DOC: ApiHeaderOptions = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: true,
  description:
    'A UUID (any version, case-insensitive), new for each operation and sent unchanged on its retries: the same key with ' +
    'the same body replays the stored answer; with another body it answers 422 IDEMPOTENCY_KEY_REUSED. Keys are per bank ' +
    'and kept as long as the transaction they created (never deleted). A request refused before it created a transaction ' +
    '(validation, unknown user, insufficient funds, ...) does not use its key up. May be sent as Idempotency-Key instead.',
  schema: { type: 'string', format: 'uuid', example: IDEMPOTENCY_KEY_EXAMPLE },
};

/** The IETF draft's Idempotency-Key header: an alias of x-idempotency-key with the same rules. */
export const IDEMPOTENCY_KEY_ALIAS_HEADER_DOC: ApiHeaderOptions = {
  name: 'Idempotency-Key',
  required: false,
  description:
    `An alias of ${IDEMPOTENCY_KEY_HEADER} (draft-ietf-httpapi-idempotency-key-header), with the same rules; either header ` +
    'carries the key. Both may be sent only with the same key: two different keys answer 400 IDEMPOTENCY_KEY_CONFLICT.',
  schema: { type: 'string', format: 'uuid', example: IDEMPOTENCY_KEY_EXAMPLE },
};
