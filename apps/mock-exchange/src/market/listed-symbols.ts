import { EXCHANGE_SYMBOL } from '@app/shared-types';

/** The mock lists one market: USDT priced in AZN. */
export const LISTED_SYMBOLS: readonly string[] = [EXCHANGE_SYMBOL];
