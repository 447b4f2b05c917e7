/**
 * Checks of one dependency for readiness endpoints. `reason` is safe to show on an endpoint
 * without authentication (no host names, no driver messages); `detail` is for the log.
 */
export type ProbeResult = { up: true } | { up: false; reason: string; detail: string };

/** Up when `check` resolves within `timeoutMs`. */
export async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([check().then(() => 'done' as const), timeout]);
    return outcome === 'done' ? { up: true } : down(`no answer within ${timeoutMs} ms`, 'timeout');
  } catch (err) {
    return down('failed', err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}

/** Up when GET `url` answers 2xx within `timeoutMs`. */
export async function probeHttp(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return res.ok ? { up: true } : down(`HTTP ${res.status}`, `HTTP ${res.status}`);
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return timedOut ? down(`no answer within ${timeoutMs} ms`, 'timeout') : down('unreachable', describe(err));
  }
}

/** `base` (a service URL from the settings, maybe with a trailing slash) joined with `path`. */
export function serviceUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function down(reason: string, detail: string): ProbeResult {
  return { up: false, reason, detail };
}

/** fetch hides the socket error (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
