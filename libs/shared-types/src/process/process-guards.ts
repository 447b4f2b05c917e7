import { Logger } from '@nestjs/common';

export interface ProcessGuards {
  /** Counts each unhandled rejection (a metric), once the app that owns the counter exists. */
  countRejectionsWith(count: () => void): void;
}

/**
 * What an app's process does with an error nobody handled (docs/reliability.md, "Errors
 * nobody handled"):
 *
 * - an unhandled promise rejection: a promise whose failure nobody awaited. The code that
 *   made it has moved on and no state was left half-changed by a throw in the middle of
 *   synchronous code; ending the process would kill every request in flight for one lost
 *   error (issue 13, section 1). So the process stays up, and the rejection is made loud: a
 *   `fatal` log line `"event":"unhandled_rejection"` with the error and its stack, and a
 *   metric. It is a bug to fix, never a state to live with: the real-process fault suite
 *   fails on any such line.
 * - an uncaught exception: a throw that unwound an unknown part of the stack, perhaps in the
 *   middle of changing state. Node cannot resume safely after it: a `fatal` line
 *   `"event":"uncaught_exception"`, then exit code 1; the orchestrator restarts the process
 *   and reconciliation settles what was in flight (the crash suite proves the money path).
 */
export function installProcessGuards(): ProcessGuards {
  const logger = new Logger('Process');
  let count: (() => void) | null = null;

  process.on('unhandledRejection', (reason: unknown) => {
    try {
      logger.fatal({ event: 'unhandled_rejection', ...describeError(reason) }, `unhandled promise rejection: ${describeError(reason).error}`);
      count?.();
    } catch {
      // Reporting must never become the second failure.
    }
  });

  process.on('uncaughtException', (err: Error) => {
    try {
      logger.fatal({ event: 'uncaught_exception', ...describeError(err) }, `uncaught exception, exiting: ${describeError(err).error}`);
    } finally {
      // Let the log line reach stdout before the process ends.
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 100).unref();
    }
  });

  return {
    countRejectionsWith(fn) {
      count = fn;
    },
  };
}

function describeError(reason: unknown): { error: string; errorName?: string; stack?: string } {
  if (reason instanceof Error) return { error: reason.message, errorName: reason.name, stack: reason.stack };
  try {
    return { error: typeof reason === 'string' ? reason : JSON.stringify(reason) };
  } catch {
    return { error: String(reason) };
  }
}
