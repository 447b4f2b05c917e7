import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BANK_USER_ID_PATTERN, MONEY_2DP_PATTERN, UUID_PATTERN } from '../core-api/validation';
import { CORE_ERROR_EXAMPLES } from '../core-api/envelope.dto';
import { TRANSACTION_ID_EXAMPLE } from '../core-api/api-fields';
import { DEPOSIT_COMPLETED_EXAMPLE, WITHDRAW_COMPLETED_EXAMPLE } from '../core-api/funding.responses';
import { BUY_COMPLETED_EXAMPLE, BUY_PENDING_EXAMPLE, QUOTE_EXAMPLE, SELL_COMPLETED_EXAMPLE, SELL_PENDING_EXAMPLE } from '../core-api/trade.responses';
import { ApiErrorExamples, ApiResponseExamples, ErrorExample } from '../openapi/api-error-examples';
import {
  BankAccountView,
  BankMovementView,
  CreateCustomerRequest,
  CustomerActionKind,
  CustomerActionResult,
  CustomerActionView,
  CustomerOverview,
  CustomerView,
  MockBankErrorResponse,
  EventsCatchUpResult,
  MockBankFaultSettings,
  QuoteActionRequest,
  ReceivedEventView,
  TradeActionRequest,
  WalletActionRequest,
} from './mock-bank-contract';

/*
 * The Mock Bank's own API as OpenAPI schemas (docs/bank-integration.md). The app validates
 * with its own DTOs; these classes only describe the wire shapes.
 */

const CURRENCIES = ['AZN', 'USDT'];
const ACTION_KINDS: CustomerActionKind[] = ['DEPOSIT', 'WITHDRAWAL', 'QUOTE', 'BUY', 'SELL'];
const AT = '2026-11-26T10:00:00.000Z';
const ACTION_ID = '7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';

export class CreateCustomerRequestDto implements CreateCustomerRequest {
  @ApiPropertyOptional({
    type: String,
    pattern: BANK_USER_ID_PATTERN.source,
    example: 'user_123',
    description: "The customer's id at the bank, also its bankUserId at the core; generated when left out.",
  })
  id?: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Demo' })
  name!: string;

  @ApiProperty({ type: String, pattern: MONEY_2DP_PATTERN.source, example: '500.00', description: 'What the AZN bank account starts with.' })
  openingBalance!: string;
}

export class BankAccountViewDto implements BankAccountView {
  @ApiProperty({ type: String, enum: ['AZN'], example: 'AZN' })
  currency!: 'AZN';

  @ApiProperty({ type: String, example: '500.00', description: '2 decimals.' })
  balance!: string;
}

export class CustomerViewDto implements CustomerView {
  @ApiProperty({ type: String, example: 'user_123' })
  id!: string;

  @ApiProperty({ type: String, example: 'Demo' })
  name!: string;

  @ApiProperty({ type: BankAccountViewDto })
  bankAccount!: BankAccountViewDto;

  @ApiProperty({ type: String, format: 'date-time', example: AT })
  createdAt!: string;
}

export class WalletBalanceDto {
  @ApiProperty({ type: String, enum: CURRENCIES, example: 'AZN' })
  currency!: 'AZN' | 'USDT';

  @ApiProperty({ type: String, example: '100.00' })
  balance!: string;

  @ApiProperty({ type: String, example: '0.00' })
  lockedBalance!: string;

  @ApiProperty({ type: String, example: '100.00' })
  available!: string;
}

export class CustomerOverviewDto extends CustomerViewDto implements CustomerOverview {
  @ApiProperty({ type: [WalletBalanceDto], description: "The core's balances; [] before the first deposit." })
  wallet!: WalletBalanceDto[];
}

export class BankMovementViewDto implements BankMovementView {
  @ApiProperty({ type: String, example: DEPOSIT_COMPLETED_EXAMPLE.data.transactionId, description: "The core's transaction id." })
  reference!: string;

  @ApiProperty({ type: String, enum: ['OPENING', 'DEPOSIT', 'WITHDRAWAL'], example: 'DEPOSIT' })
  operation!: 'OPENING' | 'DEPOSIT' | 'WITHDRAWAL';

  @ApiProperty({ type: String, example: '-100.00', description: 'Signed: negative debits the account.' })
  amount!: string;

  @ApiProperty({ type: String, example: '400.00' })
  balanceAfter!: string;

  @ApiProperty({ type: String, format: 'date-time', example: AT })
  createdAt!: string;
}

/** POST /customers/:id/deposits and /withdrawals. */
export class WalletActionRequestDto implements WalletActionRequest {
  @ApiProperty({ type: String, pattern: MONEY_2DP_PATTERN.source, example: '100.00', description: 'AZN.' })
  amount!: string;

  @ApiPropertyOptional({
    type: String,
    pattern: UUID_PATTERN.source,
    example: ACTION_ID,
    description: 'Send the actionId of an earlier answer to retry that action (same idempotency key at the core).',
  })
  actionId?: string;
}

export class QuoteActionRequestDto extends WalletActionRequestDto implements QuoteActionRequest {
  @ApiPropertyOptional({
    type: String,
    enum: ['BUY', 'SELL'],
    example: 'BUY',
    description: 'BUY (the default): amount in AZN; SELL: amount in USDT.',
  })
  side?: 'BUY' | 'SELL';
}

export class TradeActionRequestDto extends WalletActionRequestDto implements TradeActionRequest {
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 64, description: 'A quote from POST /customers/{id}/quotes.' })
  quoteId?: string;
}

export class CustomerActionViewDto implements CustomerActionView {
  @ApiProperty({ type: String, example: ACTION_ID })
  actionId!: string;

  @ApiProperty({ type: String, enum: ACTION_KINDS, example: 'BUY' })
  kind!: CustomerActionKind;

  @ApiProperty({ type: String, example: '2f4e6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b', description: 'Sent to the core as x-idempotency-key.' })
  idempotencyKey!: string;

  @ApiProperty({ type: 'integer', example: 1, description: 'Calls made to the core for this action (retries included).' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: TRANSACTION_ID_EXAMPLE })
  transactionId!: string | null;

  // null is one of the values (the webhook has not come yet): OpenAPI 3.0 validators want it in the enum too.
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['COMPLETED', 'FAILED', null] as unknown as string[],
    example: null,
    description: "Set by the trade's webhook; null until then.",
  })
  tradeStatus!: 'COMPLETED' | 'FAILED' | null;

  @ApiProperty({ type: String, format: 'date-time', example: AT })
  createdAt!: string;
}

export class CoreAnswerDto {
  @ApiProperty({ type: 'integer', example: 201 })
  httpStatus!: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The core's answer as it came: its success or error envelope." })
  body!: unknown;
}

/** An action's answer, sent with the core's HTTP status. */
export class CustomerActionResultDto implements CustomerActionResult {
  @ApiProperty({ type: CustomerActionViewDto })
  action!: CustomerActionViewDto;

  @ApiProperty({ type: CoreAnswerDto })
  core!: CoreAnswerDto;
}

export class ReceivedEventViewDto implements ReceivedEventView {
  @ApiProperty({ type: String, example: '9c8b7a6f-5e4d-4c3b-8a1f-0e9d8c7b6a50' })
  eventId!: string;

  @ApiProperty({ type: String, example: 'trade.completed' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: TRANSACTION_ID_EXAMPLE })
  transactionId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'user_123' })
  bankUserId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'COMPLETED' })
  status!: string | null;

  @ApiProperty({ type: 'integer', example: 1, description: 'Deliveries by the core; applied on the first only.' })
  deliveries!: number;

  @ApiProperty({ type: String, format: 'date-time', example: AT })
  receivedAt!: string;
}

export class EventsCatchUpResultDto implements EventsCatchUpResult {
  @ApiProperty({
    type: [String],
    example: ['9c8b7a6f-5e4d-4c3b-8a1f-0e9d8c7b6a50'],
    description: "The core's DEAD events for this bank that the core queued again (POST /api/v1/events/{id}/redeliver answered 202).",
  })
  redelivered!: string[];
}

export class MockBankFaultSettingsDto implements MockBankFaultSettings {
  @ApiProperty({ type: Boolean, example: false, description: 'POST /core/acknowledgements answers 503.' })
  acknowledgementsDown!: boolean;

  @ApiProperty({ type: Boolean, example: false, description: 'POST /core/webhooks answers 503.' })
  webhooksDown!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 120000, example: 0, description: 'Delay before either /core endpoint answers.' })
  latencyMs!: number;
}

/** PUT /admin/faults: any subset of the switches. */
export class UpdateMockBankFaultsRequestDto implements Partial<MockBankFaultSettings> {
  @ApiPropertyOptional({ type: Boolean, example: true })
  acknowledgementsDown?: boolean;

  @ApiPropertyOptional({ type: Boolean })
  webhooksDown?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 120000 })
  latencyMs?: number;
}

/** Every error of the Mock Bank's own API. */
export class MockBankErrorResponseDto implements MockBankErrorResponse {
  @ApiProperty({ type: String, example: 'CUSTOMER_NOT_FOUND' })
  code!: string;

  @ApiProperty({ type: String, example: 'No customer has id "user_404"' })
  message!: string;
}

function bankError(status: number, code: string, message: string, summary = code) {
  return { status, code, summary, value: { code, message } };
}

/** The Mock Bank's own error answers (apps/mock-bank/src/errors). */
export const MOCK_BANK_ERROR_EXAMPLES = {
  INVALID_REQUEST: bankError(400, 'INVALID_REQUEST', 'amount must be a decimal string with at most 2 decimals, e.g. "100.00"'),
  INVALID_CORE_MESSAGE: bankError(400, 'INVALID_CORE_MESSAGE', 'x-core-event-id must name the eventId of the signed body'),
  MISSING_SIGNATURE: bankError(401, 'MISSING_SIGNATURE', 'x-core-timestamp and x-core-signature are required'),
  STALE_SIGNATURE: bankError(401, 'STALE_SIGNATURE', 'The signed timestamp is too far from now; the request is refused as a possible replay'),
  INVALID_SIGNATURE: bankError(401, 'INVALID_SIGNATURE', 'The signature does not match the body'),
  UNAUTHORIZED: bankError(401, 'UNAUTHORIZED', 'A valid x-admin-key header is required'),
  CUSTOMER_NOT_FOUND: bankError(404, 'CUSTOMER_NOT_FOUND', 'No customer has id "user_404"'),
  TRANSACTION_NOT_FOUND: bankError(404, 'TRANSACTION_NOT_FOUND', 'No such transaction for this customer'),
  CUSTOMER_EXISTS: bankError(409, 'CUSTOMER_EXISTS', 'A customer with id "user_123" already exists'),
  ACTION_ID_REUSED: bankError(422, 'ACTION_ID_REUSED', `actionId ${ACTION_ID} already belongs to a different action`),
  BANK_UNAVAILABLE: bankError(503, 'BANK_UNAVAILABLE', 'The bank is unavailable'),
  CORE_UNAVAILABLE: bankError(504, 'CORE_UNAVAILABLE', 'The Core Engine gave no usable answer: ECONNREFUSED after 3 attempt(s)'),
} satisfies Record<string, ErrorExample>;

export type MockBankErrorExampleName = keyof typeof MOCK_BANK_ERROR_EXAMPLES;

export const ApiMockBankErrors = (...names: MockBankErrorExampleName[]): MethodDecorator & ClassDecorator =>
  ApiErrorExamples(MockBankErrorResponseDto, MOCK_BANK_ERROR_EXAMPLES, names);

function action(kind: CustomerActionKind, transactionId: string | null) {
  const idempotencyKey = '2f4e6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b';
  return { actionId: ACTION_ID, kind, idempotencyKey, attempts: 1, transactionId, tradeStatus: null, createdAt: AT };
}

function coreAnswer(status: number, kind: CustomerActionKind, code: string, body: object, transactionId: string | null = null): ErrorExample {
  const value = { action: action(kind, transactionId), core: { httpStatus: status, body } };
  return { status, code, summary: `${kind}: the core answered ${status} ${code}`, value };
}

/** What an action answers when the core answered: the core's status and body, passed on. */
export const CUSTOMER_ACTION_EXAMPLES = {
  DEPOSIT_COMPLETED: coreAnswer(201, 'DEPOSIT', 'COMPLETED', DEPOSIT_COMPLETED_EXAMPLE, DEPOSIT_COMPLETED_EXAMPLE.data.transactionId),
  WITHDRAWAL_COMPLETED: coreAnswer(201, 'WITHDRAWAL', 'COMPLETED', WITHDRAW_COMPLETED_EXAMPLE, WITHDRAW_COMPLETED_EXAMPLE.data.transactionId),
  QUOTE: coreAnswer(201, 'QUOTE', 'QUOTE', QUOTE_EXAMPLE),
  BUY_COMPLETED: coreAnswer(201, 'BUY', 'COMPLETED', BUY_COMPLETED_EXAMPLE, TRANSACTION_ID_EXAMPLE),
  BUY_PENDING: coreAnswer(202, 'BUY', 'PENDING', BUY_PENDING_EXAMPLE, TRANSACTION_ID_EXAMPLE),
  SELL_COMPLETED: coreAnswer(201, 'SELL', 'COMPLETED', SELL_COMPLETED_EXAMPLE, SELL_COMPLETED_EXAMPLE.data.transactionId),
  SELL_PENDING: coreAnswer(202, 'SELL', 'PENDING', SELL_PENDING_EXAMPLE, SELL_PENDING_EXAMPLE.data.transactionId),
  USER_NOT_FOUND: coreAnswer(404, 'BUY', 'USER_NOT_FOUND', CORE_ERROR_EXAMPLES.USER_NOT_FOUND.value),
  INSUFFICIENT_FUNDS: coreAnswer(422, 'BUY', 'INSUFFICIENT_FUNDS', CORE_ERROR_EXAMPLES.INSUFFICIENT_FUNDS.value),
  INSUFFICIENT_FUNDS_USDT: coreAnswer(422, 'SELL', 'INSUFFICIENT_FUNDS', CORE_ERROR_EXAMPLES.INSUFFICIENT_FUNDS_USDT.value),
  BANK_CONNECTION_ERROR: coreAnswer(
    502,
    'DEPOSIT',
    'BANK_CONNECTION_ERROR',
    CORE_ERROR_EXAMPLES.BANK_CONNECTION_ERROR.value,
    CORE_ERROR_EXAMPLES.BANK_CONNECTION_ERROR.value.transactionId,
  ),
  BANK_REFUSED: coreAnswer(
    502,
    'DEPOSIT',
    'BANK_REFUSED',
    CORE_ERROR_EXAMPLES.BANK_REFUSED.value,
    CORE_ERROR_EXAMPLES.BANK_REFUSED.value.transactionId,
  ),
  INSUFFICIENT_LIQUIDITY: coreAnswer(
    503,
    'BUY',
    'INSUFFICIENT_LIQUIDITY',
    CORE_ERROR_EXAMPLES.INSUFFICIENT_LIQUIDITY.value,
    CORE_ERROR_EXAMPLES.INSUFFICIENT_LIQUIDITY.value.transactionId,
  ),
  INSUFFICIENT_LIQUIDITY_UNAVAILABLE: coreAnswer(
    503,
    'QUOTE',
    'INSUFFICIENT_LIQUIDITY',
    CORE_ERROR_EXAMPLES.INSUFFICIENT_LIQUIDITY_UNAVAILABLE.value,
  ),
} satisfies Record<string, ErrorExample>;

export type CustomerActionExampleName = keyof typeof CUSTOMER_ACTION_EXAMPLES;

/**
 * Documents a customer action: the core's answers it passes on (with the core's status),
 * beside the bank's own errors (an unknown customer, a bad body, no answer from the core).
 */
export const ApiCustomerActionAnswers = (
  coreAnswers: CustomerActionExampleName[],
  bankErrors: MockBankErrorExampleName[],
): MethodDecorator & ClassDecorator =>
  ApiResponseExamples([
    ...coreAnswers.map((name) => ({ ...CUSTOMER_ACTION_EXAMPLES[name], name, type: CustomerActionResultDto })),
    ...bankErrors.map((name) => ({ ...MOCK_BANK_ERROR_EXAMPLES[name], name, type: MockBankErrorResponseDto })),
  ]);
