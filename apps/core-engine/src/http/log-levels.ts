import { ConsoleLogger, LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * LOG_LEVEL as Nest wants it: "silent" turns logging off; a level keeps it and every more
 * severe one; unset means "log". Given explicitly every time, because Nest's logger
 * override is process-wide and would otherwise stay as a previous app left it.
 */
export function logLevels(level: string | undefined): LogLevel[] | false {
  if (level === 'silent') return false;
  const index = ORDER.indexOf((level ?? 'log') as LogLevel);
  return ORDER.slice(0, index < 0 ? ORDER.indexOf('log') + 1 : index + 1);
}

/**
 * The app's logger: a logger instance, not just levels, because Nest keeps one process-wide
 * logger and an earlier app built with `logger: false` (a silent test app) leaves none.
 */
export function appLogger(level: string | undefined): ConsoleLogger | false {
  const levels = logLevels(level);
  return levels === false ? false : new ConsoleLogger({ logLevels: levels });
}
