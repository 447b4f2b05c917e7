import { Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { MockExchangeConfig } from '../config';
import { DEFAULT_RECV_WINDOW_MS, MAX_RECV_WINDOW_MS } from '../orders/place-order.dto';
import { binanceErrors } from './binance-errors';
import { BinanceFaultsService } from './binance-faults.service';

export const API_KEY_HEADER = 'x-mbx-apikey';
/** How far ahead of the server clock a timestamp may be (rest-api.md, "Timing security"). */
const MAX_CLOCK_LEAD_MS = 1000;

/** A request's parameters: the query string's win over the body's (rest-api.md). */
export type BinanceParams = ReadonlyMap<string, string>;

/**
 * Reads and checks a request the way Binance does (rest-api.md, "SIGNED Endpoint security"
 * and "Timing security"): the parameters from the query string and the form body; for a
 * signed endpoint the API key, the HMAC-SHA256 signature of the query string concatenated
 * with the body, and the timestamp against recvWindow on the server's clock.
 */
@Injectable()
export class BinanceSignedRequest {
  private readonly logger = new Logger(BinanceSignedRequest.name);

  constructor(
    private readonly config: MockExchangeConfig,
    private readonly faults: BinanceFaultsService,
  ) {}

  /** A public endpoint's parameters; the rate-limit fault answers first. */
  open(req: Request): BinanceParams {
    this.refuseIfRateLimited();
    return paramsOf(rawQuery(req), rawBody(req)).params;
  }

  signed(req: Request): BinanceParams {
    this.refuseIfRateLimited();
    const key = req.headers[API_KEY_HEADER];
    if (typeof key !== 'string' || key === '') throw binanceErrors.badApiKeyFormat();
    const { MOCK_EXCHANGE_BINANCE_API_KEY: expectedKey, MOCK_EXCHANGE_BINANCE_API_SECRET: secret } = this.config;
    if (!expectedKey || !secret || !sameText(key, expectedKey)) throw binanceErrors.rejectedApiKey();

    const { params, payload, signature } = paramsOf(rawQuery(req), rawBody(req));
    if (signature === undefined) throw binanceErrors.mandatory('signature');
    const expected = createHmac('sha256', secret).update(payload).digest('hex');
    // HMAC signatures are not case-sensitive (rest-api.md, "Signature Case Sensitivity").
    if (!sameText(signature.toLowerCase(), expected)) {
      this.logger.warn(`refused a request to ${req.path}: bad signature`);
      throw binanceErrors.badSignature();
    }
    this.checkTiming(params);
    return params;
  }

  private refuseIfRateLimited(): void {
    const limit = this.faults.current().rateLimit;
    if (!limit) return;
    throw limit.status === 418 ? binanceErrors.banned(limit.retryAfterSeconds) : binanceErrors.tooManyRequests(limit.retryAfterSeconds);
  }

  private checkTiming(params: BinanceParams): void {
    const timestampText = params.get('timestamp');
    if (timestampText === undefined || !/^\d{1,16}$/.test(timestampText)) throw binanceErrors.mandatory('timestamp');
    const windowText = params.get('recvWindow');
    if (windowText !== undefined && !/^\d{1,5}(\.\d{1,3})?$/.test(windowText)) throw binanceErrors.illegalChars('recvWindow');
    const recvWindow = windowText === undefined ? DEFAULT_RECV_WINDOW_MS : Number(windowText);
    if (recvWindow > MAX_RECV_WINDOW_MS || recvWindow <= 0) throw binanceErrors.badRecvWindow();
    const timestamp = Number(timestampText);
    const serverTime = this.faults.serverTime();
    if (timestamp >= serverTime + MAX_CLOCK_LEAD_MS) throw binanceErrors.aheadOfServer();
    if (serverTime - timestamp > recvWindow) throw binanceErrors.outsideRecvWindow();
  }
}

function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}

function rawBody(req: Request): string {
  const raw = (req as Request & { rawBody?: Buffer }).rawBody;
  return raw ? raw.toString('utf8') : '';
}

/**
 * The parameters and the signed payload: the query string and the body as sent, each without
 * its `signature` pair, concatenated without a separator.
 */
function paramsOf(query: string, body: string): { params: Map<string, string>; payload: string; signature?: string } {
  const params = new Map<string, string>();
  let signature: string | undefined;
  const unsigned = (text: string): string =>
    text
      .split('&')
      .filter((pair) => {
        if (pair.startsWith('signature=')) {
          signature ??= decodeURIComponent(pair.slice('signature='.length));
          return false;
        }
        return pair !== '';
      })
      .join('&');
  const signedQuery = unsigned(query);
  const signedBody = unsigned(body);
  // The query string wins over the body: read the body first, then let the query overwrite.
  for (const text of [signedBody, signedQuery]) {
    for (const [name, value] of new URLSearchParams(text)) params.set(name, value);
  }
  return { params, payload: signedQuery + signedBody, signature };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
