import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Prisma, Quote, TransactionType } from '@app/prisma-client';
import { QuoteRequestDto, QuoteResponseData, UUID_PATTERN } from '@app/shared-types';
import { BankContext } from '../../auth';
import { Clock } from '../../clock';
import { CoreConfig } from '../../config';
import { QuoteAlreadyUsedError, QuoteExpiredError, QuoteMismatchError, QuoteNotFoundError, SlippageError, ValidationError } from '../../errors';
import { ExchangeClient } from '../../exchange';
import { DB_SCALE, Decimal, toDbDecimal } from '../../money';
import { UserWallet } from '../../wallet';
import { checkAmount } from '../shared/amount-limits';
import { buyPlan, sellPlan } from '../shared/plans';
import { TradePlan } from '../shared/trade-plan';

const BPS = new Decimal(10000);

/**
 * Firm prices. A quote belongs to one bank and one user, holds for QUOTE_TTL_MS, and
 * serves one trade: the trade's phase-1 transaction claims it with a conditional UPDATE,
 * so of two concurrent trades on one quote exactly one gets it.
 */
@Injectable()
export class QuoteService {
  private readonly ttlMs: number;
  private readonly tickerMaxAgeMs: number;
  private readonly maxAzn: Decimal;

  constructor(
    private readonly prisma: PrismaService,
    private readonly exchange: ExchangeClient,
    private readonly clock: Clock,
    config: CoreConfig,
  ) {
    this.ttlMs = config.QUOTE_TTL_MS;
    this.tickerMaxAgeMs = config.TICKER_MAX_AGE_MS;
    this.maxAzn = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async create(bank: BankContext, user: UserWallet, request: QuoteRequestDto): Promise<QuoteResponseData> {
    const expected = request.side === 'BUY' ? 'AZN' : 'USDT';
    if (request.currency !== expected) {
      throw new ValidationError(`currency must be ${expected} for a ${request.side} quote`, [`currency must be ${expected}`]);
    }
    const amount = new Decimal(request.amount);
    const { price } = await this.exchange.ticker(this.tickerMaxAgeMs, request.side);
    const plan = request.side === 'BUY' ? buyPlan(amount, price, bank.spreadBps) : sellPlan(amount, price, bank.spreadBps);
    checkAmount(fiatOf(plan), this.maxAzn, 'AZN');
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
    const quote = await this.prisma.quote.create({
      data: {
        bankId: bank.id,
        userId: user.userId,
        side: request.side === 'BUY' ? TransactionType.BUY : TransactionType.SELL,
        amount: amount.toFixed(DB_SCALE),
        currency: plan.currencyIn,
        cryptoAmount: plan.cryptoAmount.toFixed(DB_SCALE),
        fiatAmount: fiatOf(plan).toFixed(DB_SCALE),
        exchangeRate: plan.rate.toFixed(DB_SCALE),
        marketPrice: plan.marketPrice.toFixed(DB_SCALE),
        spreadBps: bank.spreadBps,
        expiresAt,
      },
    });
    return {
      quoteId: quote.id,
      side: request.side,
      exchangeRate: plan.rate.toFixed(4),
      amount: amount.toFixed(2),
      cryptoAmount: plan.cryptoAmount.toFixed(2),
      spreadBps: bank.spreadBps,
      expiresAt: expiresAt.toISOString(),
      fiatAmount: fiatOf(plan).toFixed(2),
      currency: request.currency,
    };
  }

  /**
   * The plan of a trade on a quote: the quote must be this bank's and this user's, for this
   * side and amount, unused and unexpired, and the market must not have moved against the
   * house beyond the bank's tolerance since it was given (then SlippageError: nothing moves).
   */
  async planFor(bank: BankContext, user: UserWallet, quoteId: string, side: 'BUY' | 'SELL', amount: Decimal): Promise<TradePlan> {
    const quote = UUID_PATTERN.test(quoteId)
      ? await this.prisma.quote.findFirst({ where: { id: quoteId, bankId: bank.id, userId: user.userId } })
      : null;
    if (!quote) throw new QuoteNotFoundError();
    if (quote.side !== side) throw new QuoteMismatchError(`the quote is for a ${quote.side}`);
    if (!new Decimal(quote.amount.toString()).eq(amount)) {
      throw new QuoteMismatchError(`the quote is for ${new Decimal(quote.amount.toString()).toFixed(2)} ${quote.currency}`);
    }
    if (quote.transactionId) throw new QuoteAlreadyUsedError();
    if (quote.expiresAt.getTime() <= this.clock.now().getTime()) throw new QuoteExpiredError();

    const { price: now } = await this.exchange.ticker(0, side);
    const quotedMarket = new Decimal(quote.marketPrice.toString());
    const tolerance = new Decimal(bank.slippageToleranceBps).div(BPS);
    const against = side === 'BUY' ? now.gt(quotedMarket.mul(tolerance.plus(1))) : now.lt(quotedMarket.mul(new Decimal(1).minus(tolerance)));
    if (against) {
      throw new SlippageError(
        `The market moved from ${quotedMarket.toFixed(4)} to ${now.toFixed(4)}, beyond the ${bank.slippageToleranceBps} bps tolerance; request a new quote.`,
      );
    }
    return planOf(quote);
  }

  /**
   * Inside a trade's phase-1 transaction: marks the quote used by it, or throws why not. The
   * conditional update is the arbiter (of two trades on one quote, the second waits for the
   * first's row lock, then finds it used); it also requires the bank, user, side and amount
   * the quote was given for, so that no path can spend a quote on another trade than the one
   * `planFor` checked.
   */
  async claim(
    tx: Prisma.TransactionClient,
    quoteId: string,
    trade: { transactionId: string; bankId: string; userId: string; side: 'BUY' | 'SELL'; amount: Decimal; now: Date },
  ): Promise<void> {
    const forThisTrade = {
      id: quoteId,
      bankId: trade.bankId,
      userId: trade.userId,
      side: trade.side === 'BUY' ? TransactionType.BUY : TransactionType.SELL,
      amount: toDbDecimal(trade.amount),
    };
    const { count } = await tx.quote.updateMany({
      where: { ...forThisTrade, transactionId: null, expiresAt: { gt: trade.now } },
      data: { transactionId: trade.transactionId, usedAt: trade.now },
    });
    if (count === 1) return;
    const quote = await tx.quote.findFirst({ where: forThisTrade, select: { transactionId: true } });
    if (!quote) throw new Error(`quote ${quoteId} is not for trade ${trade.transactionId}`);
    throw quote.transactionId ? new QuoteAlreadyUsedError() : new QuoteExpiredError();
  }
}

function fiatOf(plan: TradePlan): Decimal {
  return plan.type === 'BUY' ? plan.amountIn : plan.amountOut;
}

/** The trade exactly as quoted. */
function planOf(quote: Quote): TradePlan {
  const d = (v: { toString(): string }) => new Decimal(v.toString());
  const buy = quote.side === TransactionType.BUY;
  return {
    type: buy ? 'BUY' : 'SELL',
    amountIn: d(quote.amount),
    currencyIn: quote.currency,
    amountOut: buy ? d(quote.cryptoAmount) : d(quote.fiatAmount),
    currencyOut: buy ? 'USDT' : 'AZN',
    cryptoAmount: d(quote.cryptoAmount),
    rate: d(quote.exchangeRate),
    marketPrice: d(quote.marketPrice),
    spreadBps: quote.spreadBps,
    quoteId: quote.id,
  };
}
