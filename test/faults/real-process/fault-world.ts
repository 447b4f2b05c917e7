import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { EXCHANGE_ADMIN_KEY_HEADER } from '@app/shared-types';
import { CoreProcess } from '../../support/core-process';
import { ROOT } from '../../support/service-process';

const run = promisify(execFile);

/** An answer; status 0 when none came (connection refused or reset, or nothing within the limit: `error`). */
export interface Answer {
  status: number;
  errorCode?: string;
  body: { success?: boolean; errorCode?: string; data?: Record<string, string> } | null;
  error?: string;
  ms: number;
}

/**
 * Sends one API request to a Core Engine process and times it. A request is never left
 * hanging: past `limitMs` it is given up and reported as no answer (which the suites fail on).
 */
export async function call(
  core: CoreProcess,
  apiKey: string,
  path: string,
  body: Record<string, string> | null,
  { key = randomUUID(), limitMs = 15_000 }: { key?: string; limitMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(`${core.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...(body ? { 'x-idempotency-key': key } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(limitMs),
    });
    const text = await res.text();
    let parsed: Answer['body'] = null;
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      parsed = null;
    }
    return { status: res.status, errorCode: parsed?.errorCode, body: parsed, ms: Date.now() - started };
  } catch (err) {
    return { status: 0, body: null, error: (err as Error).cause ? String((err as Error).cause) : String(err), ms: Date.now() - started };
  }
}

/**
 * Asserts an answer is one docs/errors.md documents for the fault: one of `allowed`
 * (`201`, `202` or `503 INSUFFICIENT_LIQUIDITY`...), within `withinMs`.
 */
export function expectDocumented(answer: Answer, allowed: string[], withinMs: number): void {
  const seen = answer.status === 0 ? `no answer (${answer.error})` : `${answer.status}${answer.errorCode ? ` ${answer.errorCode}` : ''}`;
  const when = answer.ms <= withinMs ? 'in time' : `after ${answer.ms} ms (more than ${withinMs})`;
  const said = (answer.body as { message?: string } | null)?.message;
  expect(allowed.map((a) => `${a} in time`)).toContain(`${seen} ${when}${allowed.includes(seen) || !said ? '' : ` (${said})`}`);
}

export async function exchangeAdmin(exchangeUrl: string, adminKey: string, method: 'POST' | 'PUT', path: string, body: object): Promise<void> {
  const res = await fetch(`${exchangeUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', [EXCHANGE_ADMIN_KEY_HEADER]: adminKey },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`exchange admin ${method} ${path}: ${res.status} ${await res.text()}`);
}

/** `npm run ledger:verify` on `databaseUrl` (and `--exchange-url` when given): its exit code and report. */
export async function ledgerVerify(databaseUrl: string, exchangeUrl?: string): Promise<{ code: number; output: string }> {
  try {
    const args = ['run', '--silent', 'ledger:verify', ...(exchangeUrl ? ['--', '--exchange-url', exchangeUrl] : [])];
    const { stdout, stderr } = await run('npm', args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Polls until `done` holds or `timeoutMs` passes; answers the last value. */
export async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
