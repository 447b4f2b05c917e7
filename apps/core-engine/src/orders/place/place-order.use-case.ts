import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '@app/database';
import { OrderStatus, OrderType, TimeInForce, TransactionType } from '@app/prisma-client';
import { PlaceCoreOrderRequestDto } from '@app/shared-types';
import { BankContext } from '../../auth';
import { Clock } from '../../clock';
import { CoreConfig } from '../../config';
import { AmountTooLargeError, AmountTooSmallError, ApiResult, ok, UserNotFoundError } from '../../errors';
import { ExchangeClient } from '../../exchange';
import { IdempotencyService, storedAnswer } from '../../idempotency';
import { LimitsService } from '../../limits';
import { OrderMatcher } from '../../matching/order-matcher.service';
import { triggerThreshold } from '../../matching/trigger-rules';
import { cryptoForFiat, Decimal, fiatForCrypto, toDbDecimal } from '../../money';
import { OutboxService } from '../../outbox';
import { checkAmount } from '../../trade/shared/amount-limits';
import { UserWallet, WalletService, withOptimisticRetry } from '../../wallet';
import { orderEventData, orderView } from '../order-trade';
import { OrderRequest, readOrderRequest } from './order-request';

/**
 * Places a limit or stop order: checks it, then in ONE Prisma interactive transaction writes
 * the order (its insert claims the idempotency key, unique per bank as the trade routes'),
 * the Hold of what it may spend (BUY: the AZN amount; SELL: the USDT), the KYC limit check
 * (the order counts in the 24-hour sums while OPEN, docs/limits.md), the funds reserved
 * (WalletService.placeHold, version-checked) and the bank's order.placed event. Then the
 * order joins this process's book (other replicas find it on their next sync).
 */
@Injectable()
export class PlaceOrderUseCase {
  private readonly logger = new Logger(PlaceOrderUseCase.name);
  private readonly maxAzn: Decimal;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wallet: WalletService,
    private readonly limits: LimitsService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
    private readonly exchange: ExchangeClient,
    private readonly matcher: OrderMatcher,
    private readonly clock: Clock,
    config: CoreConfig,
  ) {
    this.maxAzn = new Decimal(config.MAX_OPERATION_AMOUNT_AZN);
  }

  async execute(bank: BankContext, idempotencyKey: string, body: PlaceCoreOrderRequestDto): Promise<ApiResult> {
    const requestHash = this.idempotency.fingerprint('orders/place', body);
    let prepared: { user: UserWallet; order: OrderRequest; limitedAzn: Decimal };
    try {
      prepared = await this.prepare(bank, body);
    } catch (refusal) {
      // A refusal does not use the key up; a key already used by a placement replays it.
      return this.replayOrThrow(refusal, bank.id, idempotencyKey, requestHash);
    }
    try {
      return await this.write(bank, idempotencyKey, requestHash, prepared);
    } catch (err) {
      if (!this.idempotency.isKeyConflict(err)) throw err;
      return this.replayOrThrow(err, bank.id, idempotencyKey, requestHash);
    }
  }

  private async prepare(bank: BankContext, body: PlaceCoreOrderRequestDto) {
    const order = readOrderRequest(body, this.clock.now());
    const { side, price } = order.terms;
    checkAmount(order.amount, side === 'BUY' ? this.maxAzn : new Decimal(Infinity), order.currency);
    // What it would trade at its own price: too small to trade is refused now, not at execution.
    const crypto = side === 'BUY' ? cryptoForFiat(order.amount, price) : order.amount;
    const fiat = side === 'BUY' ? order.amount : fiatForCrypto(order.amount, price);
    if (crypto.lte(0) || fiat.lte(0))
      throw new AmountTooSmallError(`${order.amount.toFixed(2)} ${order.currency} trades for less than 0.01 at ${price.toFixed(4)}.`);
    // A sale is worth its USDT at its own price, rounded up: its AZN for the limits.
    const limitedAzn = side === 'BUY' ? order.amount : order.amount.mul(price).toDecimalPlaces(2, Decimal.ROUND_UP);
    if (side === 'SELL' && limitedAzn.gt(this.maxAzn)) throw new AmountTooLargeError(this.maxAzn.toFixed(2), 'AZN');
    // The venue's own order rules (binance: lot step, minimum notional), at the order's price.
    await this.exchange.checkOrder(side, crypto, triggerThreshold(order.terms, bank.spreadBps));
    const user = await this.wallet.findUser(bank.id, body.bankUserId);
    if (!user) throw new UserNotFoundError();
    return { user, order, limitedAzn };
  }

  private async write(
    bank: BankContext,
    idempotencyKey: string,
    requestHash: string,
    { user, order, limitedAzn }: { user: UserWallet; order: OrderRequest; limitedAzn: Decimal },
  ): Promise<ApiResult> {
    const orderId = randomUUID();
    const account = user.accounts[order.currency];
    const { terms } = order;
    // Of the attempts withOptimisticRetry may make, the committed one's answer and time.
    let answer: ApiResult | null = null;
    let placedAt = this.clock.now();
    await withOptimisticRetry(`place order ${orderId}`, () =>
      this.prisma.$transaction(async (tx) => {
        const now = this.clock.now();
        const row = {
          id: orderId,
          bankId: bank.id,
          userId: user.userId,
          idempotencyKey,
          requestHash,
          side: terms.side === 'BUY' ? TransactionType.BUY : TransactionType.SELL,
          type: terms.type === 'LIMIT' ? OrderType.LIMIT : OrderType.STOP,
          amount: order.amount,
          currency: order.currency,
          limitedAzn,
          limitPrice: terms.type === 'LIMIT' ? terms.price : null,
          stopPrice: terms.type === 'STOP' ? terms.price : null,
          timeInForce: order.expiresAt ? TimeInForce.GTD : TimeInForce.GTC,
          expiresAt: order.expiresAt,
          status: OrderStatus.OPEN,
          transactionId: null,
          errorCode: null,
          responseStatus: null,
          responseBody: null,
          version: 0,
          createdAt: now,
          updatedAt: now,
          triggeredAt: null,
          closedAt: null,
        };
        const result = ok(orderView(row, user.bankCustomerId), 201);
        await tx.order.create({
          data: {
            ...row,
            amount: toDbDecimal(order.amount),
            limitedAzn: toDbDecimal(limitedAzn),
            limitPrice: row.limitPrice && toDbDecimal(row.limitPrice),
            stopPrice: row.stopPrice && toDbDecimal(row.stopPrice),
            ...storedAnswer(result),
          },
          select: { id: true },
        });
        await tx.hold.create({ data: { orderId, ...this.wallet.newHold(account, order.amount) }, select: { id: true } });
        await this.limits.claim(tx, { bankId: bank.id, userId: user.userId, orderId, operation: row.side, amountAzn: limitedAzn });
        await this.wallet.placeHold(tx, account, order.amount);
        if (bank.webhookUrl)
          await this.outbox.enqueue(tx, this.outbox.orderEventRow(bank.id, 'order.placed', orderEventData(row, user.bankCustomerId)));
        answer = result;
        placedAt = now;
      }),
    );
    this.matcher.track({ orderId, bankId: bank.id, terms, spreadBps: bank.spreadBps, placedAt, expiresAt: order.expiresAt });
    this.logger.log({
      event: 'order',
      orderId,
      status: 'OPEN',
      bank: bank.code,
      side: terms.side,
      type: terms.type,
      amount: order.amount.toFixed(2),
      price: terms.price.toFixed(4),
    });
    return answer as unknown as ApiResult;
  }

  private async replayOrThrow(refusal: unknown, bankId: string, idempotencyKey: string, requestHash: string): Promise<ApiResult> {
    const claimed = await this.prisma.order.findUnique({
      where: { bankId_idempotencyKey: { bankId, idempotencyKey } },
      select: { id: true, status: true, errorCode: true, createdAt: true, requestHash: true, responseStatus: true, responseBody: true },
    });
    if (!claimed) throw refusal;
    // An order is never marked for review (its trade is): nothing to carry.
    return this.idempotency.replay({ ...claimed, reviewReason: null }, requestHash);
  }
}
