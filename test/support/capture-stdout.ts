/**
 * What the apps print while `work` runs (they log JSON lines to process.stdout), kept from the
 * terminal. `lines` are the JSON log lines among it, parsed.
 */
export async function captureStdout<T>(work: () => Promise<T>): Promise<{ text: string; lines: LogLine[]; result: T }> {
  const capture = startStdoutCapture();
  try {
    const result = await work();
    return { ...capture.read(), result };
  } finally {
    capture.stop();
  }
}

export type LogLine = Record<string, unknown>;

/** The same for a whole suite: read() whenever, stop() at the end. */
export function startStdoutCapture(): { read(): { text: string; lines: LogLine[] }; stop(): void } {
  let text = '';
  const original = process.stdout.write;
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  return {
    read: () => ({ text, lines: jsonLines(text) }),
    stop: () => {
      process.stdout.write = original;
    },
  };
}

function jsonLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}
