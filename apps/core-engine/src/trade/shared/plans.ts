import { Currency } from '@app/prisma-client';
import { AmountTooSmallError } from '../../errors';
import { buyRate, cryptoForFiat, Decimal, fiatForCrypto, priceAtDbScale, sellRate } from '../../money';
import { TradePlan } from './trade-plan';

/** A buy of USDT for `amountAzn` at market x (1 + spread); docs/rounding.md. */
export function buyPlan(amountAzn: Decimal, exchangePrice: Decimal, spreadBps: number, quoteId: string | null = null): TradePlan {
  // The exchange may quote more decimals than the columns keep (issue 22, 2.5): rounded up on a buy.
  const marketPrice = priceAtDbScale('BUY', exchangePrice);
  const rate = buyRate(marketPrice, spreadBps);
  const cryptoAmount = cryptoForFiat(amountAzn, rate);
  if (cryptoAmount.lte(0)) throw new AmountTooSmallError(`${amountAzn.toFixed(2)} AZN buys less than 0.01 USDT.`);
  return {
    type: 'BUY',
    amountIn: amountAzn,
    currencyIn: Currency.AZN,
    amountOut: cryptoAmount,
    currencyOut: Currency.USDT,
    cryptoAmount,
    rate,
    marketPrice,
    spreadBps,
    quoteId,
  };
}

/** A sale of `amountUsdt` for AZN at market x (1 - spread); docs/rounding.md. */
export function sellPlan(amountUsdt: Decimal, exchangePrice: Decimal, spreadBps: number, quoteId: string | null = null): TradePlan {
  // Rounded down on a sell (docs/rounding.md, rule 6).
  const marketPrice = priceAtDbScale('SELL', exchangePrice);
  const rate = sellRate(marketPrice, spreadBps);
  const fiatAmount = fiatForCrypto(amountUsdt, rate);
  if (fiatAmount.lte(0)) throw new AmountTooSmallError(`${amountUsdt.toFixed(2)} USDT sells for less than 0.01 AZN.`);
  return {
    type: 'SELL',
    amountIn: amountUsdt,
    currencyIn: Currency.USDT,
    amountOut: fiatAmount,
    currencyOut: Currency.AZN,
    cryptoAmount: amountUsdt,
    rate,
    marketPrice,
    spreadBps,
    quoteId,
  };
}
