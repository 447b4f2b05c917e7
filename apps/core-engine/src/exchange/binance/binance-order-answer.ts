import { OrderResponse, OrderSide } from '@app/shared-types';
import { Decimal, isPlainDecimal } from '../../money';

/**
 * The average price's decimals (AZN per USDT): 6, so that the spread revenue, a 2-decimal
 * quantity times this price, has at most 8 and is exact in its Decimal(20,8) column
 * (docs/rounding.md, rule 8).
 */
export const AVERAGE_PRICE_DECIMALS = 6;

/**
 * A Binance order (POST /api/v3/order RESULT/FULL, or GET /api/v3/order) in the mock
 * contract's words, so that ExchangeClient reads every venue's answer in one place:
 * status and executedQty as Binance sends them, executedPrice the average price
 * cummulativeQuoteQty / executedQty, rounded to 6 decimals against the house's books: UP
 * for a buy (the house paid at least this), DOWN for a sale (the house got at least this),
 * so the spread revenue recorded is never more than earned (docs/rounding.md).
 * A number we cannot read (cummulativeQuoteQty < 0: "data not available", fills[] that do
 * not add up to executedQty) becomes an executedPrice that is not a decimal: the reading
 * then calls the fill unreadable (unknown), never a rejection.
 */
export function toOrderResponse(body: unknown, side: OrderSide): OrderResponse {
  const order = (body ?? {}) as Record<string, unknown>;
  const status = typeof order.status === 'string' ? order.status : `unreadable status ${JSON.stringify(order.status ?? null)}`;
  const executedQty = typeof order.executedQty === 'string' ? order.executedQty : `unreadable ${JSON.stringify(order.executedQty ?? null)}`;
  return {
    // A missing id stays unreadable (''), never the text "undefined": a fill needs the venue's own id.
    orderId: typeof order.orderId === 'number' || typeof order.orderId === 'string' ? String(order.orderId) : '',
    status: status as OrderResponse['status'],
    executedQty,
    executedPrice: averagePrice(order, side),
    ...(typeof order.clientOrderId === 'string' && { clientOrderId: order.clientOrderId }),
    side,
    ...(typeof order.symbol === 'string' && { symbol: order.symbol }),
  };
}

function averagePrice(order: Record<string, unknown>, side: OrderSide): string {
  const { executedQty, cummulativeQuoteQty, fills } = order;
  if (
    typeof executedQty !== 'string' ||
    !isPlainDecimal(executedQty) ||
    typeof cummulativeQuoteQty !== 'string' ||
    !isPlainDecimal(cummulativeQuoteQty)
  ) {
    return `unreadable: executedQty ${JSON.stringify(executedQty ?? null)}, cummulativeQuoteQty ${JSON.stringify(cummulativeQuoteQty ?? null)}`;
  }
  const qty = new Decimal(executedQty);
  if (Array.isArray(fills) && fills.length > 0) {
    const quantities = (fills as { qty?: unknown }[]).map((f) => f.qty);
    let sum: Decimal | null = new Decimal(0);
    for (const q of quantities) sum = sum && typeof q === 'string' && isPlainDecimal(q) ? sum.plus(q) : null;
    if (!sum || !sum.eq(qty)) return `unreadable: fills[] add up to ${sum ? sum.toFixed() : 'nothing readable'}, executedQty is ${executedQty}`;
  }
  if (qty.isZero()) return '0';
  const rounding = side === 'BUY' ? Decimal.ROUND_UP : Decimal.ROUND_DOWN;
  return new Decimal(cummulativeQuoteQty).div(qty).toDecimalPlaces(AVERAGE_PRICE_DECIMALS, rounding).toFixed();
}
