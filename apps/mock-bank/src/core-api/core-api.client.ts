import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { AxiosError, AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
import { requestIdHeaders } from '@app/shared-types';
import { MockBankConfig } from '../config';
import { CoreUnavailableError } from '../errors';

/** What the core answered to the last attempt of a call. */
export interface CoreAnswer {
  httpStatus: number;
  /** The answer parsed as JSON (the core always answers JSON), else the raw text. */
  body: unknown;
  /** How many calls it took, first try included. */
  attempts: number;
}

const FIRST_RETRY_DELAY_MS = 250;

/**
 * The bank's one way to the Core Engine: every call carries the bank's x-api-key; an
 * action's call carries its idempotency key, the same on every attempt, so a retry after
 * a lost answer can never move money twice. Retried (bounded): no answer, and an error
 * answer whose `retryable` says so (the core's word: a transient state). An answer without
 * it (a proxy's page) is retried on a 5xx, and 409 IDEMPOTENCY_IN_PROGRESS. Any other
 * answer, a final 5xx such as BANK_REFUSED included, is the core's decision and is returned
 * as it came.
 */
@Injectable()
export class CoreApiClient {
  private readonly logger = new Logger(CoreApiClient.name);

  constructor(
    private readonly http: HttpService,
    private readonly config: MockBankConfig,
  ) {}

  get(path: string): Promise<CoreAnswer> {
    return this.call('GET', path, undefined, undefined);
  }

  post(path: string, body: object, idempotencyKey: string): Promise<CoreAnswer> {
    return this.call('POST', path, JSON.stringify(body), idempotencyKey);
  }

  /** A POST that moves no money and takes no idempotency key (an event's redelivery): safe to repeat. */
  postWithoutKey(path: string): Promise<CoreAnswer> {
    return this.call('POST', path, undefined, undefined);
  }

  private async call(method: 'GET' | 'POST', path: string, body: string | undefined, idempotencyKey: string | undefined): Promise<CoreAnswer> {
    const maxAttempts = this.config.MOCK_BANK_CORE_ATTEMPTS;
    let lastFailure = 'no attempt made';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 2));
      const started = Date.now();
      let response: AxiosResponse<string> | undefined;
      try {
        response = await firstValueFrom(
          this.http.request<string>({
            method,
            url: path,
            data: body,
            headers: {
              'x-api-key': this.config.MOCK_BANK_CORE_API_KEY,
              ...(body !== undefined && { 'content-type': 'application/json' }),
              ...(idempotencyKey !== undefined && { 'x-idempotency-key': idempotencyKey }),
              // The customer action's id: the core's lines for it carry the same one.
              ...requestIdHeaders(),
            },
            responseType: 'text',
            transformResponse: (data: string) => data,
            validateStatus: () => true,
          }),
        );
      } catch (err) {
        lastFailure = err instanceof AxiosError ? (err.code ?? err.message) : String(err);
      }
      const parsed = response ? parseBody(response.data) : undefined;
      const retry = !response || isRetryable(response.status, parsed);
      this.logger.log({
        event: 'core.call',
        method,
        path,
        idempotencyKey: idempotencyKey ?? null,
        attempt,
        outcome: response ? response.status : lastFailure,
        ms: Date.now() - started,
        ...(retry && attempt < maxAttempts && { retrying: true }),
      });
      if (response && (!retry || attempt === maxAttempts)) return { httpStatus: response.status, body: parsed, attempts: attempt };
      if (response) lastFailure = `HTTP ${response.status}`;
    }
    throw new CoreUnavailableError(lastFailure, maxAttempts);
  }
}

/**
 * The core says whether a retry with the same key can help (`retryable`). Without that word,
 * a 5xx may be a crash or a proxy and 409 IN_PROGRESS means "ask again shortly": both
 * deserve another try.
 */
function isRetryable(status: number, body: unknown): boolean {
  const retryable = (body as { retryable?: unknown } | null)?.retryable;
  if (typeof retryable === 'boolean') return retryable;
  if (status >= 500) return true;
  return status === 409 && (body as { errorCode?: string } | null)?.errorCode === 'IDEMPOTENCY_IN_PROGRESS';
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
