import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** The header that carries a request's id in and out of every app (answers, exchange and bank calls). */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept only when it is short and plain (letters, digits, `.`, `_`, `:`, `-`),
 * so a caller cannot push long or control-character text into every log line and outgoing call.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What code running for one request (or one background job run) can ask about it. */
export interface RequestContext {
  readonly requestId: string;
  /** When the request or job started (ms since the epoch): durations are measured from it. */
  readonly startedAt: number;
  /** The app's logger, bound to the request id. */
  readonly logger: Logger;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The caller's id when it is sane, else a new one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Headers for an outgoing call made for the current request or job: its id, when there is one. */
export function requestIdHeaders(): Record<string, string> {
  const context = storage.getStore();
  return context ? { [REQUEST_ID_HEADER]: context.requestId } : {};
}

/** Runs `fn` in the current context, timed from another start (a reconciled trade: from its creation). */
export function runFromStart<T>(startedAt: number, fn: () => T): T {
  const context = storage.getStore();
  return context ? storage.run({ ...context, startedAt }, fn) : fn();
}
