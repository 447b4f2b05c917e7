import { createHmac } from 'node:crypto';

/** A request's parameters in the order they are sent (Binance accepts any order; the signature covers this one). */
export type BinanceParams = ReadonlyArray<readonly [string, string]>;

/**
 * `name=value` pairs joined by `&`, each name and value percent-encoded: the signature payload
 * of a request whose parameters all travel in the query string (rest-api.md, "SIGNED Endpoint
 * Examples for POST /api/v3/order", step 1: "Any non-ASCII character must be percent-encoded
 * before signing").
 */
export function binanceQuery(params: BinanceParams): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/** HMAC-SHA256 of the payload with the API secret, as lowercase hex (step 2). */
export function binanceSignature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** The query string to send: the parameters, then `signature` over exactly them (step 3). */
export function signedQuery(params: BinanceParams, secret: string): string {
  const query = binanceQuery(params);
  return `${query}&signature=${binanceSignature(query, secret)}`;
}
