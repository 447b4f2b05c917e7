import { EXCHANGE_ADMIN_KEY_HEADER } from '../exchange/exchange-admin-contract';
import { MOCK_BANK_ADMIN_KEY_HEADER } from '../bank/mock-bank-contract';
import { OpenApiSpec } from './setup-openapi';

/** Security scheme names, as controllers name them in @ApiSecurity. */
export const API_KEY_SECURITY = 'api-key';
export const ADMIN_KEY_SECURITY = 'admin-key';

/** Headers of the Core Engine's API. */
export const API_KEY_HEADER = 'x-api-key';
export const IDEMPOTENCY_KEY_HEADER = 'x-idempotency-key';

export const CORE_ENGINE_OPENAPI: OpenApiSpec = {
  title: 'Core Engine',
  version: '1.0',
  description:
    'Crypto-as-a-service for banks: funding, quotes, buys and sells of USDT against AZN, balances and ' +
    "transactions, recorded in a double-entry ledger. Every /api/v1 call carries the bank's API key " +
    '(x-api-key); every POST that moves money carries an x-idempotency-key (a UUID): the same key with ' +
    'the same body replays the stored answer. Amounts are decimal strings, never JSON numbers. Answers ' +
    'are {"success":true,"data":...} or {"success":false,"errorCode":"...","message":"..."} (docs/errors.md).',
  apiKeys: {
    [API_KEY_SECURITY]: { header: API_KEY_HEADER, description: "The bank partner's API key." },
  },
};

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
};
