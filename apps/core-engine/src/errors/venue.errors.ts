import { DomainError } from './domain-error';

/**
 * The venue would refuse this order by its own rules (EXCHANGE_VENUE=binance: the symbol's
 * LOT_SIZE step, minimum or maximum quantity, NOTIONAL minimum), found before anything is
 * written; docs/exchange-venues.md.
 */
export class OrderNotTradableError extends DomainError {
  readonly errorCode = 'AMOUNT_NOT_TRADABLE';
  constructor(reason: string) {
    super(`The exchange cannot execute this trade: ${reason}. Nothing was written.`);
  }
}
