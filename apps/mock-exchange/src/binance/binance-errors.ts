/**
 * Binance's own error answers: an HTTP status and the body {"code": -NNNN, "msg": "..."}
 * (binance-spot-api-docs, errors.md and rest-api.md "HTTP Return Codes"). The /api/v3 routes
 * answer only these, never the literal routes' {"code":"NAME"} errors.
 */
export class BinanceApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly msg: string,
    /** Seconds, sent as Retry-After (429 and 418 only). */
    readonly retryAfterSeconds?: number,
  ) {
    super(msg);
  }
}

export const binanceErrors = {
  unknown: () => new BinanceApiError(500, -1000, 'An unknown error occurred while processing the request.'),
  serverBusy: () => new BinanceApiError(503, -1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new BinanceApiError(429, -1003, 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.', retryAfterSeconds),
  banned: (retryAfterSeconds: number) =>
    new BinanceApiError(418, -1003, 'Way too much request weight used; IP banned until later.', retryAfterSeconds),
  outsideRecvWindow: () => new BinanceApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  aheadOfServer: () => new BinanceApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: () => new BinanceApiError(400, -1022, 'Signature for this request is not valid.'),
  mandatory: (name: string) => new BinanceApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegalChars: (name: string) => new BinanceApiError(400, -1100, `Illegal characters found in parameter '${name}'.`),
  badPrecision: (name: string) => new BinanceApiError(400, -1111, `Parameter '${name}' has too much precision.`),
  badRecvWindow: () => new BinanceApiError(400, -1131, 'recvWindow must be less than 60000'),
  badSymbol: () => new BinanceApiError(400, -1121, 'Invalid symbol.'),
  unsupportedOrderType: () => new BinanceApiError(400, -1116, 'Invalid orderType.'),
  badSide: () => new BinanceApiError(400, -1117, 'Invalid side.'),
  filterFailure: (filter: string) => new BinanceApiError(400, -1013, `Filter failure: ${filter}`),
  rejected: (msg: string) => new BinanceApiError(400, -2010, msg),
  noSuchOrder: () => new BinanceApiError(400, -2013, 'Order does not exist.'),
  badApiKeyFormat: () => new BinanceApiError(401, -2014, 'API-key format invalid.'),
  rejectedApiKey: () => new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
};
