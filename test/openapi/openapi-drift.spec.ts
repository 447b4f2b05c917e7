import type { OpenAPIObject } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  BUY_COMPLETED_EXAMPLE,
  canonicalOpenApiJson,
  CORE_ERROR_CODES,
  CORE_ERROR_EXAMPLES,
  CoreErrorExampleName,
  EXCHANGE_ERROR_EXAMPLES,
  ExchangeErrorExampleName,
  MOCK_BANK_ERROR_EXAMPLES,
  MockBankErrorExampleName,
  UUID_PATTERN,
} from '@app/shared-types';
import * as core from '../../apps/core-engine/src/errors';
import * as bank from '../../apps/mock-bank/src/errors';
import * as exchange from '../../apps/mock-exchange/src/errors';
import { APP_NAMES, AppName, buildOpenApiDocument, openApiFile } from '../../scripts/openapi/openapi-documents';

// The OpenAPI documents are generated from the code (controllers and the shared DTOs) and
// committed under docs/openapi. Building them needs no database: apps are never initialised.

const ROOT = resolve(__dirname, '../..');
const documents = {} as Record<AppName, OpenAPIObject>;

beforeAll(async () => {
  for (const app of APP_NAMES) documents[app] = await buildOpenApiDocument(app);
});

describe.each(APP_NAMES)('docs/openapi/%s.json', (app) => {
  it('is what the code generates (else run `npm run openapi:write` and commit the result)', () => {
    const file = openApiFile(app);
    const generated = canonicalOpenApiJson(documents[app]);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (generated !== committed) throw new Error(driftMessage(relative(ROOT, file), committed, generated));
  });

  it('has liveness and readiness probes and no docs routes', () => {
    expect(Object.keys(documents[app].paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
    expect(Object.keys(documents[app].paths).filter((path) => path.startsWith('/docs'))).toEqual([]);
  });

  it('types every decimal as a string, never a JSON number', () => {
    const found = decimalProperties(documents[app]);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => p.type !== 'string')).toEqual([]);
  });
});

describe('the Core Engine document', () => {
  const buy = () => documents['core-engine'].paths['/api/v1/trade/buy']?.post;

  it('has POST /api/v1/trade/buy with the API key and a required x-idempotency-key header', () => {
    expect(buy()).toBeDefined();
    expect(buy()?.security).toEqual([{ 'api-key': [] }]);
    expect(documents['core-engine'].components?.securitySchemes?.['api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(buy()?.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'x-idempotency-key', required: true }));
  });

  it("answers the contract's example (its transaction id a UUID) on 201, PENDING on 202, and INSUFFICIENT_FUNDS on 422", () => {
    type Content = Record<string, { example?: unknown; examples?: object }>;
    const content = (status: string) => (buy()?.responses[status] as { content: Content }).content['application/json'];
    expect(content('201').example).toEqual({
      success: true,
      data: {
        transactionId: 'c0a8012e-7d4b-4f1e-9b2a-5e6f7a8b9c0d',
        status: 'COMPLETED',
        cryptoAmount: '58.47',
        cryptoCurrency: 'USDT',
        exchangeRate: '1.7100',
      },
    });
    expect(content('202').example).toMatchObject({ data: { status: 'PENDING' } });
    expect(content('422').examples).toMatchObject({
      INSUFFICIENT_FUNDS: { value: { success: false, errorCode: 'INSUFFICIENT_FUNDS', message: 'User AZN balance is too low.', retryable: false } },
    });
    expect(Object.keys(buy()?.responses ?? {}).sort()).toEqual([
      '201',
      '202',
      '400',
      '401',
      '404',
      '409',
      '410',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
  });

  it('describes the buy request and answer with string decimals and their examples', () => {
    type Properties = Record<string, { type?: string; example?: unknown }>;
    const schemas = documents['core-engine'].components?.schemas as Record<string, { properties: Properties }>;
    expect(schemas.BuyRequestDto.properties.amount).toMatchObject({ type: 'string', example: '100.00' });
    expect(schemas.BuyRequestDto.properties.currency).toMatchObject({ type: 'string', example: 'AZN' });
    for (const [field, value] of Object.entries(BUY_COMPLETED_EXAMPLE.data)) {
      expect({ field, ...schemas.BuyResponseDataDto.properties[field] }).toMatchObject({ field, type: 'string', example: value });
    }
  });

  it('documents /health and /ready as public (security: [])', () => {
    expect(documents['core-engine'].paths['/health']?.get?.security).toEqual([]);
    expect(Object.keys(documents['core-engine'].paths['/ready']?.get?.responses ?? {})).toEqual(['200', '503']);
  });
});

describe('the Core Engine document, completed (issue 15)', () => {
  type Response = { headers?: Record<string, unknown>; content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
  const apiOperations = () =>
    Object.entries(documents['core-engine'].paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) => [item.get, item.post].filter((op) => op !== undefined).map((op) => ({ path, op })));

  it('has a server, and every operation of every document declares its security', () => {
    expect(documents['core-engine'].servers).toEqual([expect.objectContaining({ url: 'http://localhost:3000' })]);
    for (const app of APP_NAMES) {
      for (const [path, item] of Object.entries(documents[app].paths)) {
        for (const op of [item.get, item.post, item.put, item.delete].filter((o) => o !== undefined)) {
          expect({ app, path, security: Array.isArray(op.security) }).toEqual({ app, path, security: true });
        }
      }
    }
  });

  it('types errorCode as the enum of CORE_ERROR_CODES, with a required boolean retryable and an optional transactionId', () => {
    const envelope = documents['core-engine'].components?.schemas?.ErrorEnvelopeDto as {
      properties: Record<string, { enum?: unknown[]; type?: string }>;
      required: string[];
    };
    expect(envelope.properties.errorCode.enum).toEqual(Object.keys(CORE_ERROR_CODES));
    expect(envelope.properties.retryable.type).toBe('boolean');
    expect(envelope.required).toEqual(expect.arrayContaining(['success', 'errorCode', 'message', 'retryable']));
    expect(envelope.required).not.toContain('transactionId');
  });

  it('documents 429 with Retry-After, 500, x-request-id and the rate-limit headers on every /api/v1 operation', () => {
    expect(apiOperations().length).toBeGreaterThan(5);
    for (const { path, op } of apiOperations()) {
      const responses = op.responses as Record<string, Response>;
      expect({ path, statuses: Object.keys(responses) }).toEqual({ path, statuses: expect.arrayContaining(['401', '429', '500']) });
      expect({ path, retryAfter: Object.keys(responses['429'].headers ?? {}) }).toEqual({
        path,
        retryAfter: expect.arrayContaining(['Retry-After']),
      });
      for (const [status, response] of Object.entries(responses)) {
        expect({ path, status, headers: Object.keys(response.headers ?? {}) }).toEqual({
          path,
          status,
          headers: expect.arrayContaining(['x-request-id', 'X-RateLimit-Limit-per-address', 'X-RateLimit-Remaining-per-address']),
        });
      }
    }
  });

  it('documents 413 and 415 and both idempotency headers on the POSTs that move money, and quote firmness on quoteId', () => {
    for (const path of ['/api/v1/trade/buy', '/api/v1/trade/sell', '/api/v1/funding/deposit', '/api/v1/funding/withdraw']) {
      const op = documents['core-engine'].paths[path].post!;
      expect({ path, statuses: Object.keys(op.responses) }).toEqual({ path, statuses: expect.arrayContaining(['413', '415']) });
      const headers = (op.parameters as { in: string; name: string }[]).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ path, headers }).toEqual({ path, headers: expect.arrayContaining(['x-idempotency-key', 'Idempotency-Key']) });
    }
    const schemas = documents['core-engine'].components?.schemas as Record<string, { properties: Record<string, { description?: string }> }>;
    expect(schemas.BuyRequestDto.properties.quoteId.description).toMatch(/firm within the bank's slippageToleranceBps/);
  });

  it('gives every example transaction id as a UUID', () => {
    const ids = [...JSON.stringify(documents['core-engine']).matchAll(/"transactionId":"([^"]*)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !UUID_PATTERN.test(id))).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('has one row per CORE_ERROR_CODES entry, with its status, retryable flag and what the bank should do', () => {
    const text = readFileSync(resolve(ROOT, 'docs/errors.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (yes|no) \| (.+?) \|/gm)].map(([, code, status, retryable, action]) => ({
      code,
      status: Number(status),
      retryable: retryable === 'yes',
      action,
    }));
    const expected = Object.entries(CORE_ERROR_CODES).map(([code, info]) => ({
      code,
      status: info.status,
      retryable: info.retryable,
      action: info.action,
    }));
    expect(rows.sort((a, b) => a.code.localeCompare(b.code))).toEqual(expected.sort((a, b) => a.code.localeCompare(b.code)));
  });
});

describe('error examples', () => {
  it('are the bodies the Core Engine error classes produce', () => {
    const problem = CORE_ERROR_EXAMPLES.VALIDATION_ERROR.value.message;
    const errors: Record<Exclude<CoreErrorExampleName, 'INTERNAL_ERROR'>, core.DomainError> = {
      VALIDATION_ERROR: new core.ValidationError(problem, [problem]),
      MALFORMED_JSON: new core.MalformedJsonError(),
      MISSING_IDEMPOTENCY_KEY: new core.MissingIdempotencyKeyError(),
      INVALID_IDEMPOTENCY_KEY: new core.InvalidIdempotencyKeyError(),
      IDEMPOTENCY_KEY_CONFLICT: new core.IdempotencyKeyConflictError(),
      NOT_FOUND: new core.RouteNotFoundError(),
      PAYLOAD_TOO_LARGE: new core.PayloadTooLargeError(),
      UNSUPPORTED_MEDIA_TYPE: new core.UnsupportedMediaTypeError(),
      MISSING_API_KEY: new core.MissingApiKeyError(),
      INVALID_API_KEY: new core.InvalidApiKeyError(),
      USER_NOT_FOUND: new core.UserNotFoundError(),
      TRANSACTION_NOT_FOUND: new core.TransactionNotFoundError(),
      QUOTE_NOT_FOUND: new core.QuoteNotFoundError(),
      EVENT_NOT_FOUND: new core.EventNotFoundError(),
      ORDER_NOT_FOUND: new core.OrderNotFoundError(),
      ORDER_NOT_OPEN: new core.OrderNotOpenError('FILLED'),
      INVALID_ORDER_PRICE: new core.InvalidOrderPriceError('A LIMIT order needs limitPrice, and no stopPrice.'),
      INVALID_ORDER_EXPIRY: new core.InvalidOrderExpiryError('expiresAt must be in the future and at most 90 days ahead.'),
      PROOF_NOT_AVAILABLE: new core.ProofNotAvailableError('this customer'),
      IDEMPOTENCY_IN_PROGRESS: new core.IdempotencyInProgressError(),
      CONCURRENT_UPDATE: new core.ConcurrentUpdateError(30),
      QUOTE_ALREADY_USED: new core.QuoteAlreadyUsedError(),
      SLIPPAGE_EXCEEDED: new core.SlippageError(CORE_ERROR_EXAMPLES.SLIPPAGE_EXCEEDED.value.message),
      QUOTE_EXPIRED: new core.QuoteExpiredError(),
      INSUFFICIENT_FUNDS: new core.InsufficientFundsError('AZN'),
      INSUFFICIENT_FUNDS_USDT: new core.InsufficientFundsError('USDT'),
      AMOUNT_TOO_SMALL: new core.AmountTooSmallError('The amount must be greater than 0 AZN.'),
      AMOUNT_TOO_LARGE: new core.AmountTooLargeError('100000.00', 'AZN'),
      IDEMPOTENCY_KEY_REUSED: new core.IdempotencyKeyReusedError(),
      LIMIT_EXCEEDED: new core.LimitExceededError('BUY', 'per 24 hours', '20000.00', '1200.00'),
      QUOTE_MISMATCH: new core.QuoteMismatchError('the quote is for 100.00 AZN'),
      RATE_LIMITED: new core.RateLimitedError(1),
      BANK_CONNECTION_ERROR: new core.BankConnectionError(),
      BANK_REFUSED: new core.BankRefusedError(CORE_ERROR_EXAMPLES.BANK_REFUSED.value.message),
      INSUFFICIENT_LIQUIDITY: new core.InsufficientLiquidityError(),
      INSUFFICIENT_LIQUIDITY_UNAVAILABLE: core.InsufficientLiquidityError.unavailable(),
      SERVICE_BUSY: new core.ServiceBusyError(),
    };
    for (const [name, error] of Object.entries(errors) as [Exclude<CoreErrorExampleName, 'INTERNAL_ERROR'>, core.DomainError][]) {
      const example = CORE_ERROR_EXAMPLES[name].value;
      const { httpStatus, body } = core.errorResult(error, 'transactionId' in example ? example.transactionId : undefined);
      expect({ name, status: httpStatus, body }).toEqual({ name, status: CORE_ERROR_EXAMPLES[name].status, body: CORE_ERROR_EXAMPLES[name].value });
    }
  });

  it("are the Mock Exchange's codes and messages", () => {
    const errors: Partial<Record<ExchangeErrorExampleName, { code: string; message: string }>> = {
      UNAUTHORIZED: new exchange.AdminUnauthorizedError(),
      ORDER_NOT_FOUND: new exchange.OrderNotFoundError('t-404'),
      CLIENT_ORDER_ID_REUSED: new exchange.ClientOrderIdReusedError('t-1', 'ex_4f1c2a9b7d3e4e0f8a6b5c4d3e2f1a0b', 'side BUY'),
      INSUFFICIENT_LIQUIDITY: new exchange.InsufficientLiquidityError('5000.00', '1000.00'),
      EXCHANGE_INTERNAL_ERROR: new exchange.InjectedFailureError(),
      EXCHANGE_UNAVAILABLE: new exchange.ExchangeUnavailableError(),
    };
    for (const [name, error] of Object.entries(errors) as [ExchangeErrorExampleName, { code: string; message: string }][]) {
      expect({ name, code: error.code, message: error.message }).toEqual({ name, ...EXCHANGE_ERROR_EXAMPLES[name].value });
    }
  });

  it("are the Mock Bank's codes and messages", () => {
    const errors: Partial<Record<MockBankErrorExampleName, bank.BankError>> = {
      MISSING_SIGNATURE: new bank.SignatureRejectedError('missing'),
      STALE_SIGNATURE: new bank.SignatureRejectedError('stale'),
      INVALID_SIGNATURE: new bank.SignatureRejectedError('mismatch'),
      UNAUTHORIZED: new bank.AdminUnauthorizedError(),
      CUSTOMER_NOT_FOUND: new bank.CustomerNotFoundError('user_404'),
      TRANSACTION_NOT_FOUND: new bank.TransactionNotFoundError(),
      CUSTOMER_EXISTS: new bank.CustomerExistsError('user_123'),
      ACTION_ID_REUSED: new bank.ActionReusedError('7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b'),
      BANK_UNAVAILABLE: new bank.BankUnavailableError(),
      CORE_UNAVAILABLE: new bank.CoreUnavailableError('ECONNREFUSED', 3),
    };
    for (const [name, error] of Object.entries(errors) as [MockBankErrorExampleName, bank.BankError][]) {
      expect({ name, code: error.code, message: error.message }).toEqual({ name, ...MOCK_BANK_ERROR_EXAMPLES[name].value });
    }
  });
});

/** Names of the contracts' decimal fields: amounts, balances, prices and rates. */
const DECIMAL_FIELDS = new Set([
  'amount',
  'amountIn',
  'amountOut',
  'available',
  'balance',
  'balanceAfter',
  'band',
  'cryptoAmount',
  'executedPrice',
  'executedQty',
  'exchangeRate',
  'feeAmount',
  'fiatAmount',
  'liquidityLimit',
  'lockedBalance',
  'lowerBound',
  'mid',
  'openingBalance',
  'price',
  'priceJump',
  'quantity',
  'upperBound',
  'volatility',
  'walkPrice',
]);

function decimalProperties(document: OpenAPIObject): { where: string; type: unknown }[] {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { properties?: Record<string, { type?: unknown }> }>;
  return Object.entries(schemas).flatMap(([schema, { properties = {} }]) =>
    Object.entries(properties)
      .filter(([name]) => DECIMAL_FIELDS.has(name))
      .map(([name, property]) => ({ where: `${schema}.${name}`, type: property.type })),
  );
}

function driftMessage(file: string, committed: string, generated: string): string {
  if (!committed) return `${file} is missing: run \`npm run openapi:write\` and commit it.`;
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? Math.min(a.length, b.length) : line;
  return (
    `${file} does not match the code: run \`npm run openapi:write\` and commit the result.\n` +
    `First difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`
  );
}
