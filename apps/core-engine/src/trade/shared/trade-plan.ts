import { Currency, TransactionType } from '@app/prisma-client';
import { BuyResponseData, SellResponseData, TradeStatus } from '@app/shared-types';
import { buySpreadRevenue, Decimal, sellSpreadRevenue } from '../../money';

/**
 * Everything a trade will do, fixed before anything is written: what the user gives
 * (amountIn of currencyIn, held in phase 1), what the user gets (amountOut of currencyOut),
 * the USDT quantity ordered at the exchange, and the price it was made from.
 */
export interface TradePlan {
  type: 'BUY' | 'SELL';
  amountIn: Decimal;
  currencyIn: Currency;
  amountOut: Decimal;
  currencyOut: Currency;
  cryptoAmount: Decimal;
  rate: Decimal;
  marketPrice: Decimal;
  spreadBps: number;
  quoteId: string | null;
}

export function transactionType(plan: TradePlan): TransactionType {
  return plan.type === 'BUY' ? TransactionType.BUY : TransactionType.SELL;
}

/** The house's spread revenue in AZN, given the price the exchange filled at. */
export function spreadRevenue(plan: TradePlan, executedPrice: Decimal): Decimal {
  return plan.type === 'BUY'
    ? buySpreadRevenue(plan.amountIn, plan.cryptoAmount, executedPrice)
    : sellSpreadRevenue(plan.amountOut, plan.cryptoAmount, executedPrice);
}

const BPS = new Decimal(10000);

/**
 * Why a fill's price cannot be posted as the trade's: more than `bandBps` away from the
 * market price the trade was priced at (either way); null when it is within. A trade without
 * a recorded market price is not checked.
 */
export function outsidePriceBand(plan: TradePlan, fill: { executedPrice: Decimal; orderId: string }, bandBps: number): string | null {
  if (plan.marketPrice.lte(0)) return null;
  const deviationBps = fill.executedPrice.minus(plan.marketPrice).abs().mul(BPS).div(plan.marketPrice);
  if (deviationBps.lte(bandBps)) return null;
  return (
    `the exchange filled at ${fill.executedPrice.toFixed()} AZN per USDT (order ${fill.orderId}), ` +
    `${deviationBps.toDecimalPlaces(0, Decimal.ROUND_UP).toFixed()} bps from the market price ${plan.marketPrice.toFixed()}, outside the ${bandBps} bps band`
  );
}

/** The `data` of a trade answer: the buy contract, or its mirror for a sell. */
export function tradeAnswer(plan: TradePlan, transactionId: string, status: TradeStatus): BuyResponseData | SellResponseData {
  const common = {
    transactionId,
    status,
    cryptoAmount: plan.cryptoAmount.toFixed(2),
    cryptoCurrency: 'USDT' as const,
  };
  if (plan.type === 'BUY') return { ...common, exchangeRate: plan.rate.toFixed(4) };
  return { ...common, fiatAmount: plan.amountOut.toFixed(2), fiatCurrency: 'AZN', exchangeRate: plan.rate.toFixed(4) };
}
