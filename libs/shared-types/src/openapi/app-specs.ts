import { EXCHANGE_ADMIN_KEY_HEADER } from '../exchange/exchange-admin-contract';
import { MOCK_BANK_ADMIN_KEY_HEADER } from '../bank/mock-bank-contract';
import type { HeaderObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { OpenApiSpec } from './setup-openapi';

/** The Core Engine's per-address throttler's name: @nestjs/throttler suffixes its headers with it. */
export const API_RATE_LIMIT_NAME = 'per-address';

/** Security scheme names, as controllers name them in @ApiSecurity. */
export const API_KEY_SECURITY = 'api-key';
export const ADMIN_KEY_SECURITY = 'admin-key';

/** Headers of the Core Engine's API. */
export const API_KEY_HEADER = 'x-api-key';
export const IDEMPOTENCY_KEY_HEADER = 'x-idempotency-key';
/** The IETF draft's name (draft-ietf-httpapi-idempotency-key-header), an alias of x-idempotency-key; Node lower-cases header names. */
export const IDEMPOTENCY_KEY_ALIAS_HEADER = 'idempotency-key';

export const CORE_ENGINE_OPENAPI: OpenApiSpec = {
  title: 'Core Engine',
  version: '1.0',
  description:
    'Crypto-as-a-service for banks: funding, quotes, buys and sells of USDT against AZN, balances and ' +
    "transactions, recorded in a double-entry ledger. Every /api/v1 call carries the bank's API key " +
    '(x-api-key); every POST that moves money carries an idempotency key (a UUID) in Idempotency-Key or ' +
    'x-idempotency-key: the same key with the same body replays the stored answer; keys are per bank and ' +
    'kept as long as the transaction they created, which is never deleted. A quote is firm: a trade at ' +
    "its quoteId gets the quoted rate as long as the market has not moved against the house beyond the bank's " +
    'slippageToleranceBps (else 409 SLIPPAGE_EXCEEDED). Amounts are decimal strings, never JSON numbers. Answers ' +
    'are {"success":true,"data":...} or {"success":false,"errorCode":"...","message":"...","retryable":...} ' +
    '(docs/errors.md says what to do for each errorCode).',
  apiKeys: {
    [API_KEY_SECURITY]: { header: API_KEY_HEADER, description: "The bank partner's API key." },
  },
  servers: [{ url: 'http://localhost:3000', description: 'A local Core Engine (CORE_ENGINE_PORT, default 3000)' }],
  responseHeaders: [{ pathPrefix: '/api/v1/', headers: rateLimitHeaders() }],
};

/**
 * The per-address limit's headers (@nestjs/throttler, named after its throttler), on every
 * /api/v1 answer that got past routing, unless the limit is off (RATE_LIMIT_PER_ADDRESS_PER_SECOND=0).
 */
function rateLimitHeaders(): Record<string, HeaderObject> {
  const integer = (description: string, example: number): HeaderObject => ({ description, schema: { type: 'integer', minimum: 0, example } });
  return {
    [`X-RateLimit-Limit-${API_RATE_LIMIT_NAME}`]: integer('Requests allowed per client address per second.', 100),
    [`X-RateLimit-Remaining-${API_RATE_LIMIT_NAME}`]: integer("Requests left in this second's window.", 99),
    [`X-RateLimit-Reset-${API_RATE_LIMIT_NAME}`]: integer('Seconds until the window starts again.', 1),
  };
}

export const MOCK_EXCHANGE_OPENAPI: OpenApiSpec = {
  title: 'Mock Exchange',
  version: '1.0',
  description:
    'Plays Binance for the Core Engine: one market, AZNUSDT (USDT priced in AZN), market orders that ' +
    'fill whole, and fault switches (admin API, x-admin-key). Decimals are strings. Errors are ' +
    '{"code":"...","message":"..."} (apps/mock-exchange/README.md).',
  apiKeys: {
    [ADMIN_KEY_SECURITY]: { header: EXCHANGE_ADMIN_KEY_HEADER, description: 'MOCK_EXCHANGE_ADMIN_KEY' },
  },
  servers: [{ url: 'http://localhost:3001', description: 'A local Mock Exchange (MOCK_EXCHANGE_PORT, default 3001)' }],
};

export const MOCK_BANK_OPENAPI: OpenApiSpec = {
  title: 'Mock Bank',
  version: '1.0',
  description:
    'Plays the bank that embeds the product: its customers and their AZN accounts, the wallet ' +
    'actions it sends to the Core Engine with its API key, and the endpoints the core calls back ' +
    '(signed acknowledgements and webhooks). Amounts are decimal strings with 2 decimals. Errors are ' +
    '{"code":"...","message":"..."} (docs/bank-integration.md).',
  apiKeys: {
    [ADMIN_KEY_SECURITY]: { header: MOCK_BANK_ADMIN_KEY_HEADER, description: 'MOCK_BANK_ADMIN_KEY' },
  },
  servers: [{ url: 'http://localhost:3002', description: 'A local Mock Bank (MOCK_BANK_PORT, default 3002)' }],
};
