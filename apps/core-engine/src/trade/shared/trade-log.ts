import { Logger } from '@nestjs/common';

/**
 * One structured line per finished trade: operators sum spread revenue from these, so
 * every field is a plain string or number and the line is JSON.
 */
export function logTrade(logger: Logger, fields: Record<string, string | number | null>): void {
  logger.log(JSON.stringify({ event: 'trade', ...fields }));
}
