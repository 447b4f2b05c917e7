import { Currency } from '@app/prisma-client';
import { ORDER_MAX_GTD_DAYS, PlaceCoreOrderRequestDto } from '@app/shared-types';
import { InvalidOrderExpiryError, InvalidOrderPriceError, ValidationError } from '../../errors';
import { Decimal } from '../../money';
import { OrderTerms } from '../../matching/trigger-rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A placement's body read into what the order is, or why it is refused (nothing written). */
export interface OrderRequest {
  terms: OrderTerms;
  amount: Decimal;
  currency: Currency;
  expiresAt: Date | null;
}

export function readOrderRequest(body: PlaceCoreOrderRequestDto, now: Date): OrderRequest {
  const wanted = body.side === 'BUY' ? 'AZN' : 'USDT';
  if (body.currency !== wanted)
    throw new ValidationError(`currency must be ${wanted} for a ${body.side} order`, [`currency must be ${wanted} for a ${body.side} order`]);

  const [given, other] = body.type === 'LIMIT' ? [body.limitPrice, body.stopPrice] : [body.stopPrice, body.limitPrice];
  const name = body.type === 'LIMIT' ? 'limitPrice' : 'stopPrice';
  if (given === undefined || other !== undefined) {
    throw new InvalidOrderPriceError(`A ${body.type} order needs ${name}, and no ${body.type === 'LIMIT' ? 'stopPrice' : 'limitPrice'}.`);
  }
  const price = new Decimal(given);
  if (price.lte(0)) throw new InvalidOrderPriceError(`${name} must be greater than 0.`);

  let expiresAt: Date | null = null;
  if (body.timeInForce === 'GTD') {
    if (body.expiresAt === undefined) throw new InvalidOrderExpiryError('A GTD order needs expiresAt.');
    expiresAt = new Date(body.expiresAt);
    if (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + ORDER_MAX_GTD_DAYS * DAY_MS) {
      throw new InvalidOrderExpiryError(`expiresAt must be in the future and at most ${ORDER_MAX_GTD_DAYS} days ahead.`);
    }
  } else if (body.expiresAt !== undefined) {
    throw new InvalidOrderExpiryError('A GTC order takes no expiresAt (use timeInForce GTD).');
  }
  return { terms: { side: body.side, type: body.type, price }, amount: new Decimal(body.amount), currency: wanted, expiresAt };
}
