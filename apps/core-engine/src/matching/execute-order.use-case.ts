import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OrderStatus } from '@app/prisma-client';
import { Clock } from '../clock';
import { CoreConfig } from '../config';
import { AmountTooLargeError, DomainError, LimitExceededError } from '../errors';
import { ExchangeClient } from '../exchange';
import { Decimal } from '../money';
import { OrderCloser } from '../orders/order-closer';
import { orderTradeKey } from '../orders/order-trade';
import { bankContext } from '../trade/shared/pending-trade';
import { buyPlan, sellPlan } from '../trade/shared/plans';
import { TradeFlow } from '../trade/shared/trade-flow.service';
import { WalletService } from '../wallet';
import { rateSatisfies } from './trigger-rules';

/**
 * What became of a crossed order: its trade FILLED it, FAILED it, or is PENDING (the
 * reconciler finishes it); or it did not execute and stays OPEN in the book: `not_crossed`
 * (the fresh price does not satisfy it), `unavailable` (no price from the exchange),
 * `suspended` (its bank is suspended); or it left the book: `not_open` (cancelled, expired,
 * executed elsewhere), `refused` (closed FAILED before a trade: the venue's rules refuse its amount).
 */
export type ExecutionOutcome = 'filled' | 'failed' | 'pending' | 'not_crossed' | 'unavailable' | 'suspended' | 'not_open' | 'refused';

/**
 * Executes one order the book says the market crossed, as a normal trade (TradeFlow): the
 * order's rate is checked again on a fresh price (TICKER_MAX_AGE_MS) and the trade is
 * priced from that same price, so a LIMIT never executes worse than its limit: if the price
 * moved back between the tick and now, nothing is written and the order stays OPEN with its
 * hold. Then TradeFlow.runOnOrderHold claims the order (OPEN to TRIGGERED, conditional),
 * takes its hold over and runs phases 2 and 3; the order ends FILLED or FAILED with its trade.
 */
@Injectable()
export class ExecuteOrderUseCase {
  private readonly logger = new Logger(ExecuteOrderUseCase.name);
  /** MAX_OPERATION_AMOUNT_AZN: a SELL's AZN is known only at execution. */
  private readonly maxAzn: Decimal;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly exchange: ExchangeClient,
    private readonly flow: TradeFlow,
    private readonly closer: OrderCloser,
    private readonly config: CoreConfig,
    private readonly clock: Clock,
  ) {
    this.maxAzn = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(orderId: string): Promise<ExecutionOutcome> {
    const row = await this.prisma.order.findUnique({ where: { id: orderId }, include: { bank: true, user: { select: { bankCustomerId: true } } } });
    if (!row || row.status !== OrderStatus.OPEN) return 'not_open';
    // Crossed before its expiry and reached only now (a long queue after a big crossing): it
    // expired, it does not execute.
    if (row.expiresAt && row.expiresAt.getTime() <= this.clock.now().getTime()) {
      await this.closer.close({ orderId, status: 'EXPIRED' });
      return 'not_open';
    }
    const bank = bankContext(row.bank);
    if (bank.suspended) return 'suspended';
    const side = row.side === 'BUY' ? 'BUY' : 'SELL';
    const terms = { side, type: row.type, price: new Decimal((row.limitPrice ?? row.stopPrice ?? 0).toString()) } as const;

    let price: Decimal;
    try {
      price = (await this.exchange.ticker(this.config.TICKER_MAX_AGE_MS, side)).price;
    } catch {
      return 'unavailable';
    }
    const amount = new Decimal(row.amount.toString());
    let plan;
    try {
      plan = side === 'BUY' ? buyPlan(amount, price, bank.spreadBps) : sellPlan(amount, price, bank.spreadBps);
      if (!rateSatisfies(terms, plan.rate)) return 'not_crossed';
      // A SELL's AZN is known only now (it fills at or above its limit): the per-operation
      // maximum applies to what it pays, as for a market sale.
      if (side === 'SELL' && plan.amountOut.gt(this.maxAzn)) throw new AmountTooLargeError(this.maxAzn.toFixed(2), 'AZN');
      await this.exchange.checkOrder(side, plan.cryptoAmount, plan.marketPrice);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // The venue's rules could not be read (its exchangeInfo unreachable): nothing is wrong
      // with the order; it stays OPEN and is tried again.
      if (err.retryable) return 'unavailable';
      // Too small to trade at this price, or the venue's rules refuse it: it never will execute as it is.
      const closed = await this.closer.close({ orderId, status: 'FAILED', errorCode: err.errorCode });
      this.logger.warn(`order ${orderId} refused at execution (${err.errorCode}): ${err.message}`);
      return closed ? 'refused' : 'not_open';
    }

    const user = await this.wallet.findUser(bank.id, row.user.bankCustomerId);
    if (!user) throw new Error(`order ${orderId}: its user has no wallet`);
    let run;
    try {
      run = await this.flow.runOnOrderHold({ bank, idempotencyKey: orderTradeKey(orderId), requestHash: row.requestHash, user, plan }, orderId);
    } catch (err) {
      // The KYC limits, checked again on the trade's own amount in its phase 1 (nothing was
      // written): the order cannot execute within them; FAILED, its hold released.
      if (!(err instanceof LimitExceededError)) throw err;
      const closed = await this.closer.close({ orderId, status: 'FAILED', errorCode: err.errorCode });
      this.logger.warn(`order ${orderId} refused at execution (${err.errorCode}): ${err.message}`);
      return closed ? 'refused' : 'not_open';
    }
    if (!run) return 'not_open';
    const { httpStatus } = run.result;
    return httpStatus === 201 ? 'filled' : httpStatus === 202 ? 'pending' : 'failed';
  }
}
