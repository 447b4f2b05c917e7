import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Currency, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { BuyRequestDto, BuyResponseData } from '@app/shared-types';
import { BankContext } from '../../auth';
import { CoreConfig } from '../../config';
import {
  AmountTooSmallError,
  ApiResult,
  DomainError,
  InsufficientLiquidityError,
  QuoteNotFoundError,
  UserNotFoundError,
  errorResult,
  ok,
} from '../../errors';
import { ExchangeClient, FilledOrder, OrderOutcome } from '../../exchange';
import { IdempotencyService, storedAnswer } from '../../idempotency';
import { LedgerService } from '../../ledger';
import { buyRate, buySpreadRevenue, cryptoForFiat, DB_SCALE, Decimal } from '../../money';
import { OutboxService } from '../../outbox';
import { UserWallet, WalletService, withOptimisticRetry } from '../../wallet';
import { checkAmount } from '../shared/amount-limits';
import { logTrade } from '../shared/trade-log';

type Tx = Prisma.TransactionClient;

interface PricedBuy {
  amount: Decimal;
  marketPrice: Decimal;
  rate: Decimal;
  cryptoAmount: Decimal;
}

/**
 * The buy flow (AZN -> USDT), in three phases so that a crash or an exchange failure at
 * any point neither loses nor doubles money (docs/buy-flow.md draws it):
 *  1. one database transaction claims the idempotency key, creates the Transaction
 *     (PENDING) and puts a hold on the user's AZN;
 *  2. the exchange order, carrying the transaction id as client order id;
 *  3. one database transaction writes the four ledger rows, updates the balances,
 *     consumes the hold and marks the Transaction COMPLETED with its stored answer.
 * A definite rejection by the exchange voids the hold and marks it FAILED; an unknown
 * outcome leaves it PENDING (hold kept) for reconciliation, and the answer says so.
 */
@Injectable()
export class BuyUseCase {
  private readonly logger = new Logger(BuyUseCase.name);
  private readonly maxAmount: Decimal;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly ledger: LedgerService,
    private readonly exchange: ExchangeClient,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
    config: CoreConfig,
  ) {
    this.maxAmount = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, request: BuyRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('trade/buy', request);
    const claimed = await this.idempotency.find(bank.id, idempotencyKey);
    if (claimed) return this.idempotency.replay(claimed, requestHash);

    const amount = new Decimal(request.amount);
    checkAmount(amount, this.maxAmount, 'AZN');
    // Quotes arrive with the quote issue; until then no quote id can be known.
    if (request.quoteId !== undefined) throw new QuoteNotFoundError();
    const user = await this.wallet.findUser(bank.id, request.bankUserId);
    if (!user) throw new UserNotFoundError();

    const priced = await this.price(amount, bank.spreadBps);

    let transactionId: string;
    try {
      transactionId = await this.prisma.$transaction((tx) =>
        this.open(tx, bank, idempotencyKey, requestHash, user, priced),
      );
    } catch (err) {
      if (this.idempotency.isKeyConflict(err)) {
        return this.idempotency.replayAfterConflict(bank.id, idempotencyKey, requestHash);
      }
      throw err;
    }

    const outcome = await this.placeOrder(transactionId, priced.cryptoAmount);
    if (outcome.kind === 'rejected') {
      return this.fail(bank, transactionId, user, priced, new InsufficientLiquidityError(), outcome.reason);
    }
    if (outcome.kind === 'unknown') return this.leavePending(transactionId, priced, outcome.reason);
    return this.settle(bank, transactionId, user, priced, outcome);
  }

  private async price(amount: Decimal, spreadBps: number): Promise<PricedBuy> {
    const { price: marketPrice } = await this.exchange.ticker();
    const rate = buyRate(marketPrice, spreadBps);
    const cryptoAmount = cryptoForFiat(amount, rate);
    if (cryptoAmount.lte(0)) throw new AmountTooSmallError(`${amount.toFixed(2)} AZN buys less than 0.01 USDT.`);
    return { amount, marketPrice, rate, cryptoAmount };
  }

  /** Phase 1: the key, the PENDING transaction and the hold commit together or not at all. */
  private async open(
    tx: Tx,
    bank: BankContext,
    idempotencyKey: string,
    requestHash: string,
    user: UserWallet,
    priced: PricedBuy,
  ): Promise<string> {
    const created = await tx.transaction.create({
      data: {
        bankId: bank.id,
        idempotencyKey,
        requestHash,
        userId: user.userId,
        type: TransactionType.BUY,
        currencyIn: Currency.AZN,
        currencyOut: Currency.USDT,
        amountIn: priced.amount.toFixed(DB_SCALE),
        amountOut: priced.cryptoAmount.toFixed(DB_SCALE),
        exchangeRate: priced.rate.toFixed(DB_SCALE),
        marketPrice: priced.marketPrice.toFixed(DB_SCALE),
        spreadBps: bank.spreadBps,
      },
      select: { id: true },
    });
    await this.wallet.placeHold(tx, user.accounts.AZN, created.id, priced.amount);
    return created.id;
  }

  /** Phase 2. An unknown outcome is asked about once more before it is left to reconciliation. */
  private async placeOrder(transactionId: string, cryptoAmount: Decimal): Promise<OrderOutcome> {
    const outcome = await this.exchange.placeOrder('BUY', cryptoAmount, transactionId);
    if (outcome.kind !== 'unknown') return outcome;
    return this.exchange.findOrder(transactionId);
  }

  /** Phase 3: the four rows, the balances, the hold and the answer, in one transaction. */
  private async settle(
    bank: BankContext,
    transactionId: string,
    user: UserWallet,
    priced: PricedBuy,
    fill: FilledOrder,
  ): Promise<ApiResult> {
    const fee = buySpreadRevenue(priced.amount, priced.cryptoAmount, fill.executedPrice);
    const result = ok<BuyResponseData>(
      {
        transactionId,
        status: TransactionStatus.COMPLETED,
        cryptoAmount: priced.cryptoAmount.toFixed(2),
        cryptoCurrency: 'USDT',
        exchangeRate: priced.rate.toFixed(4),
      },
      201,
    );
    const omnibusAzn = await this.wallet.omnibusFor(Currency.AZN, transactionId);
    const omnibusUsdt = await this.wallet.omnibusFor(Currency.USDT, transactionId);

    try {
      await withOptimisticRetry(() =>
        this.prisma.$transaction(async (tx) => {
          const released = await this.wallet.markHoldsPosted(tx, transactionId);
          await tx.transaction.update({
            where: { id: transactionId, status: TransactionStatus.PENDING },
            data: {
              status: TransactionStatus.COMPLETED,
              feeAmount: fee.toFixed(DB_SCALE),
              executedPrice: fill.executedPrice.toFixed(DB_SCALE),
              exchangeOrderId: fill.orderId,
              ...storedAnswer(result),
              completedAt: new Date(),
            },
          });
          await this.ledger.post(tx, transactionId, [
            { account: user.accounts.AZN, amount: priced.amount.neg(), releaseHold: released.get(user.accounts.AZN.id) },
            { account: omnibusAzn, amount: priced.amount },
            { account: omnibusUsdt, amount: priced.cryptoAmount.neg() },
            { account: user.accounts.USDT, amount: priced.cryptoAmount },
          ]);
          await this.notify(tx, bank, transactionId, user, priced, TransactionStatus.COMPLETED, null);
        }),
      );
    } catch (err) {
      // The exchange filled the order: the trade must not be lost. It stays PENDING with
      // its hold, and reconciliation posts it from the exchange's record.
      this.logger.error(`buy ${transactionId}: posting failed after the fill: ${(err as Error).message}`);
      return this.pendingResult(transactionId, priced);
    }

    logTrade(this.logger, {
      type: 'BUY',
      status: 'COMPLETED',
      transactionId,
      bank: bank.code,
      amountAzn: priced.amount.toFixed(2),
      cryptoAmount: priced.cryptoAmount.toFixed(2),
      marketPrice: priced.marketPrice.toFixed(4),
      exchangeRate: priced.rate.toFixed(4),
      executedPrice: fill.executedPrice.toFixed(4),
      spreadBps: bank.spreadBps,
      spreadRevenueAzn: fee.toFixed(DB_SCALE),
      exchangeOrderId: fill.orderId,
    });
    return result;
  }

  /** A definite failure: release the hold, record the answer, nothing moved. */
  private async fail(
    bank: BankContext,
    transactionId: string,
    user: UserWallet,
    priced: PricedBuy,
    error: DomainError,
    reason: string,
  ): Promise<ApiResult> {
    const result = errorResult(error);
    await this.prisma.$transaction(async (tx) => {
      await this.wallet.voidHolds(tx, transactionId);
      await this.notify(tx, bank, transactionId, user, priced, TransactionStatus.FAILED, error.errorCode);
      await tx.transaction.update({
        where: { id: transactionId, status: TransactionStatus.PENDING },
        data: {
          status: TransactionStatus.FAILED,
          errorCode: error.errorCode,
          ...storedAnswer(result),
          completedAt: new Date(),
        },
      });
    });
    this.logger.warn(`buy ${transactionId} FAILED ${error.errorCode}: ${reason}`);
    return result;
  }

  /** The bank's trade event, in the same database transaction as the outcome it reports. */
  private async notify(
    tx: Tx,
    bank: BankContext,
    transactionId: string,
    user: UserWallet,
    priced: PricedBuy,
    status: 'COMPLETED' | 'FAILED',
    errorCode: string | null,
  ): Promise<void> {
    if (!bank.webhookUrl) return;
    await this.outbox.enqueueTradeEvent(tx, bank.id, status === 'COMPLETED' ? 'trade.completed' : 'trade.failed', {
      transactionId,
      type: 'BUY',
      status,
      bankUserId: user.bankCustomerId,
      amountIn: priced.amount.toFixed(2),
      currencyIn: 'AZN',
      amountOut: priced.cryptoAmount.toFixed(2),
      currencyOut: 'USDT',
      exchangeRate: priced.rate.toFixed(4),
      errorCode,
    });
  }

  /** The exchange's answer is unknown: keep the hold, answer 202 PENDING, store that answer. */
  private async leavePending(transactionId: string, priced: PricedBuy, reason: string): Promise<ApiResult> {
    this.logger.error(`buy ${transactionId} left PENDING for reconciliation: ${reason}`);
    const result = this.pendingResult(transactionId, priced);
    await this.prisma.transaction.update({
      where: { id: transactionId },
      data: storedAnswer(result),
    });
    return result;
  }

  private pendingResult(transactionId: string, priced: PricedBuy): ApiResult {
    return ok<BuyResponseData>(
      {
        transactionId,
        status: TransactionStatus.PENDING,
        cryptoAmount: priced.cryptoAmount.toFixed(2),
        cryptoCurrency: 'USDT',
        exchangeRate: priced.rate.toFixed(4),
      },
      202,
    );
  }
}
