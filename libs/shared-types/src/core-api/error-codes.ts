/** What one errorCode of the Core Engine means for the bank that gets it. */
export interface CoreErrorCodeInfo {
  /** The HTTP status every answer with this code has. */
  status: number;
  /**
   * Whether the same request with the same idempotency key may succeed later with nothing
   * changed on the bank's side (a transient state). False: the answer is final for that
   * request; retrying it unchanged gets the same refusal (or, once stored, the same answer).
   */
  retryable: boolean;
  /** What the bank should do (docs/errors.md shows it; a test keeps the two in step). */
  action: string;
}

/**
 * Every errorCode the Core Engine answers, in one list: the DomainError classes take their
 * status from here, every error answer its `retryable`, and the OpenAPI document its
 * `errorCode` enum. A new code is added here first (the error classes' type requires it).
 */
export const CORE_ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, retryable: false, action: 'Fix the request as `message` and `details` say; send it with a new idempotency key.' },
  MALFORMED_JSON: { status: 400, retryable: false, action: 'Send a JSON object body.' },
  MISSING_IDEMPOTENCY_KEY: { status: 400, retryable: false, action: 'Send a UUID in `Idempotency-Key` (or `x-idempotency-key`).' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, retryable: false, action: 'Send one UUID as idempotency key.' },
  IDEMPOTENCY_KEY_CONFLICT: {
    status: 400,
    retryable: false,
    action: 'Send the key in one header only, or the same value in `Idempotency-Key` and `x-idempotency-key`.',
  },
  INVALID_ORDER_PRICE: {
    status: 400,
    retryable: false,
    action:
      'A LIMIT order needs `limitPrice` and no `stopPrice`; a STOP order `stopPrice` and no `limitPrice`; a positive rate of at most 4 decimals. Fix it; use a new key.',
  },
  INVALID_ORDER_EXPIRY: {
    status: 400,
    retryable: false,
    action: 'A GTD order needs `expiresAt` in the future and at most 90 days ahead; a GTC order none. Fix it; use a new key.',
  },
  MISSING_API_KEY: { status: 401, retryable: false, action: 'Send the API key in `x-api-key`.' },
  INVALID_API_KEY: { status: 401, retryable: false, action: 'Use a valid, unrevoked API key.' },
  NOT_FOUND: { status: 404, retryable: false, action: 'Check the method and path against the OpenAPI document.' },
  USER_NOT_FOUND: { status: 404, retryable: false, action: 'Deposit for the customer first (a deposit creates the user), or check `bankUserId`.' },
  TRANSACTION_NOT_FOUND: { status: 404, retryable: false, action: "Check the id or key: it must be one of this bank's." },
  QUOTE_NOT_FOUND: { status: 404, retryable: false, action: 'Request a new quote for this customer.' },
  ORDER_NOT_FOUND: { status: 404, retryable: false, action: "Check the order id: it must be one of this bank's (GET /api/v1/orders)." },
  EVENT_NOT_FOUND: { status: 404, retryable: false, action: "Check the event id: it must be one of this bank's (GET /api/v1/events)." },
  PROOF_NOT_AVAILABLE: {
    status: 404,
    retryable: false,
    action: 'No liabilities snapshot of this bank includes it yet (taken daily, or when the operator asks): try again after the next snapshot.',
  },
  BANK_SUSPENDED: {
    status: 403,
    retryable: false,
    action: 'Nothing was done: the bank partner is suspended by the operator. Contact the operator; retry once it is resumed.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    retryable: true,
    action: 'The first request with this key is still running: retry with the same key after a pause.',
  },
  CONCURRENT_UPDATE: { status: 409, retryable: true, action: 'Nothing was written: retry with the same key after a short pause.' },
  ORDER_NOT_OPEN: {
    status: 409,
    retryable: false,
    action:
      'Nothing was changed: the order is executing (TRIGGERED) or done (FILLED, EXPIRED, FAILED); read it (GET /api/v1/orders/{id}) for its outcome.',
  },
  QUOTE_ALREADY_USED: { status: 409, retryable: false, action: 'Request a new quote; one quote serves one trade.' },
  SLIPPAGE_EXCEEDED: { status: 409, retryable: false, action: 'Nothing was written: request a new quote and trade at it with a new key.' },
  QUOTE_EXPIRED: { status: 410, retryable: false, action: 'Request a new quote.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, action: 'Send a body of at most 16 kB.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, action: 'Send `Content-Type: application/json` in UTF-8, uncompressed.' },
  INSUFFICIENT_FUNDS: { status: 422, retryable: false, action: 'Nothing was written: fund the customer or lower the amount, then use a new key.' },
  AMOUNT_TOO_SMALL: { status: 422, retryable: false, action: 'Raise the amount.' },
  AMOUNT_TOO_LARGE: { status: 422, retryable: false, action: 'Split the amount into operations of at most the limit.' },
  AMOUNT_NOT_TRADABLE: {
    status: 422,
    retryable: false,
    action:
      "Nothing was written: the exchange's rules (lot step, minimum quantity or order value) refuse this amount, as `message` says. Change the amount; use a new key.",
  },
  IDEMPOTENCY_KEY_REUSED: { status: 422, retryable: false, action: 'A new request needs a new key; a retry must repeat the first request exactly.' },
  LIMIT_EXCEEDED: {
    status: 422,
    retryable: false,
    action:
      "Nothing was written: the amount is over a limit of the customer's KYC level (`details` says which and what remains). Lower the amount, wait for the 24 hours to roll, or raise the customer's level (PUT /api/v1/users/{bankUserId}/kyc); then retry.",
  },
  QUOTE_MISMATCH: { status: 422, retryable: false, action: "Send the quote's side and amount, or request a quote for this trade." },
  TRADE_VOIDED: {
    status: 422,
    retryable: false,
    action:
      'Final: the trade could not be settled and an operator voided it after review (`transactionId`); nothing moved. Trade again with a new key.',
  },
  FUNDING_VOIDED: {
    status: 422,
    retryable: false,
    action:
      'Final: the deposit or withdrawal could not be settled with your acknowledgement endpoint and an operator voided it after review, with your confirmation that the money never moved (`transactionId`); nothing moved. Use a new key.',
  },
  RATE_LIMITED: { status: 429, retryable: true, action: 'Wait `Retry-After` seconds, then retry with the same key.' },
  INTERNAL_ERROR: {
    status: 500,
    retryable: true,
    action: 'Retry with the same key (a stored outcome is replayed, never repeated); report the reference if it persists.',
  },
  BANK_CONNECTION_ERROR: {
    status: 502,
    retryable: true,
    action: 'Outcome unknown, the movement is PENDING: retry with the same key, which asks your acknowledgement endpoint again.',
  },
  BANK_REFUSED: {
    status: 502,
    retryable: false,
    action: 'Final: the movement is FAILED (`transactionId`), nothing moved. Fix the cause on the bank side and use a new key.',
  },
  INSUFFICIENT_LIQUIDITY: {
    status: 503,
    // The usual answer's flag (ORDER_REJECTED); the answer itself carries the one that applies.
    retryable: false,
    action:
      "The answer's `reason` says which: `ORDER_REJECTED` (`retryable: false`): final, the exchange rejected the order, the trade is FAILED (`transactionId`), nothing moved; try again later with a new key. `EXCHANGE_UNAVAILABLE` (`retryable: true`): the exchange is down, nothing was written; retry with the same key later.",
  },
  SERVICE_BUSY: { status: 503, retryable: true, action: 'Nothing was written by this request: retry with the same key after a pause.' },
} as const satisfies Record<string, CoreErrorCodeInfo>;

export type CoreErrorCode = keyof typeof CORE_ERROR_CODES;

/**
 * The codes only the operator's admin surface answers (`/admin/v1` on ADMIN_PORT,
 * docs/operations.md): never a bank's answer, so not in the banks' OpenAPI enum nor in
 * docs/errors.md's bank table.
 */
export const ADMIN_ERROR_CODES = {
  MISSING_OPERATOR_KEY: { status: 401, retryable: false, action: 'Send an operator key in `x-operator-key`.' },
  INVALID_OPERATOR_KEY: { status: 401, retryable: false, action: 'Use a valid, unrevoked operator key.' },
  OPERATOR_ROLE_REQUIRED: { status: 403, retryable: false, action: 'Use an operator key with the role `operator` (a viewer only reads).' },
  BANK_NOT_FOUND: { status: 404, retryable: false, action: 'Check the bank id or code.' },
  API_KEY_NOT_FOUND: { status: 404, retryable: false, action: "Check the key id: it must be one of this bank's." },
  BANK_CODE_TAKEN: { status: 409, retryable: false, action: 'Choose another bank code.' },
  NO_WEBHOOK_SECRET: { status: 409, retryable: false, action: 'Give the bank a webhook URL first (it gets a secret then).' },
  TRADE_NOT_UNDER_REVIEW: {
    status: 409,
    retryable: false,
    action: 'Only a PENDING trade marked for review can be resolved: list them with GET /admin/v1/trades/review.',
  },
  FUNDING_NOT_UNDER_REVIEW: {
    status: 409,
    retryable: false,
    action: 'Only a PENDING deposit or withdrawal marked for review can be resolved: list them with GET /admin/v1/funding/review.',
  },
  FUNDING_ACKNOWLEDGED: {
    status: 409,
    retryable: false,
    action:
      'The bank acknowledged this movement (the money moved): post it (POST /admin/v1/funding/{id}/post); a reversal at the bank is the opposite movement.',
  },
  LIABILITIES_MISMATCH: {
    status: 500,
    retryable: false,
    action:
      "Nothing was stored: the tree's totals differ from the ledger's rows on the bank's customer accounts. Run npm run ledger:verify and investigate before anything else.",
  },
  CHECKPOINT_KEY_MISSING: {
    status: 409,
    retryable: false,
    action: 'Set LEDGER_CHECKPOINT_PRIVATE_KEY (an Ed25519 key, outside the database) to take ledger checkpoints.',
  },
  INVALID_RESOLUTION: {
    status: 400,
    retryable: false,
    action: 'Give a note, and the exchange order id, price and quantity as positive decimals of at most 8 places.',
  },
  ORDER_MISMATCH: {
    status: 409,
    retryable: false,
    action:
      "Nothing was written: the exchange reports another order, quantity or price for this trade's client order id, or no executed order. Post the numbers the exchange reports (the message says them), or void the trade.",
  },
  ORDER_EXECUTED: {
    status: 409,
    retryable: false,
    action:
      "Nothing was written: the exchange executed this trade's order, in full or in part. Post it with the exchange's numbers; void it only with `force: true` and a `reason` (CLI: `--force --reason`), kept in the audit trail.",
  },
  ORDER_STATE_UNKNOWN: {
    status: 503,
    retryable: true,
    action:
      'Nothing was written: the exchange could not say what became of the order (unreachable, or an answer that cannot be read). Try again later; void only with `force: true` and a `reason`.',
  },
} as const satisfies Record<string, CoreErrorCodeInfo>;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_CODES;

/** Every code either surface answers, with its status and retryable flag. */
export const ERROR_CODE_INFO: Record<CoreErrorCode | AdminErrorCode, CoreErrorCodeInfo> = { ...CORE_ERROR_CODES, ...ADMIN_ERROR_CODES };

/** Every code, for the OpenAPI `errorCode` enum. */
export const CORE_ERROR_CODE_NAMES = Object.keys(CORE_ERROR_CODES) as CoreErrorCode[];
