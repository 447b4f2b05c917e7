import { Injectable } from '@nestjs/common';
import { Currency, OrderStatus, Prisma, TransactionStatus, TransactionType } from '@app/prisma-client';
import { OperationLimitView } from '@app/shared-types';
import { Clock } from '../clock';
import { LimitExceededError } from '../errors';
import { Decimal } from '../money';

type Tx = Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Allowances shown to 2 decimals are rounded down: a bank that sends the shown remainder must pass (docs/rounding.md). */
const shown = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);

/** An operation about to be opened, as the limits see it. */
export interface LimitedOperation {
  bankId: string;
  userId: string;
  /** The operation's own Transaction row, just inserted in the same database transaction. */
  transactionId?: string;
  /** Or its own Order row (a limit or stop order being placed). */
  orderId?: string;
  operation: TransactionType;
  /** What the operation is worth in AZN (limitedAmount). */
  amountAzn: Decimal;
}

/**
 * What an operation counts against the AZN limits: its AZN side. A buy gives AZN (amountIn);
 * a sell is valued at the AZN it pays out at the price it runs at (amountOut: the quote's AZN
 * amount when it runs on a quote); deposits and withdrawals move AZN only. docs/limits.md.
 */
export function limitedAmount(side: { currencyIn: Currency; amountIn: Decimal; amountOut: Decimal }): Decimal {
  return side.currencyIn === Currency.AZN ? side.amountIn : side.amountOut;
}

/**
 * The KYC limits of a bank's customers (OperationLimit rows, per bank, level and operation):
 * per operation and per rolling 24 hours, in AZN. Checked in phase 1 of every trade, deposit
 * and withdrawal, inside its Prisma transaction, after the Transaction row claimed the
 * idempotency key (so a replay still gets its stored answer, never a limit error).
 */
@Injectable()
export class LimitsService {
  constructor(private readonly clock: Clock) {}

  /**
   * Throws LimitExceededError (and the caller's transaction rolls back: nothing written) when
   * the operation would take the customer over its level's limit. The User row is updated
   * first (its version bumped), which locks it until the commit: two operations of one
   * customer racing for the last allowance pass this check one after the other, and the
   * second one's sum (read after the lock, READ COMMITTED) includes the first. PENDING
   * operations count, FAILED ones do not; so do OPEN limit and stop orders, from their
   * placement (their `limitedAzn`), until they execute (then their trade counts, from its
   * own creation) or are cancelled or expire (docs/limits.md).
   */
  async claim(tx: Tx, op: LimitedOperation): Promise<void> {
    const limits = await tx.operationLimit.findMany({ where: { bankId: op.bankId, operation: op.operation } });
    if (limits.length === 0) return; // the bank limits no level for this operation
    const { kycLevel } = await this.lockUser(tx, op.userId);
    const limit = limits.find((l) => l.kycLevel === kycLevel);
    if (!limit) return;

    const perOperation = limit.perOperation && new Decimal(limit.perOperation.toString());
    const per24Hours = limit.per24Hours && new Decimal(limit.per24Hours.toString());
    // A row with both amounts null is "no limit" at this level (docs/limits.md).
    if (!perOperation && !per24Hours) return;
    const left24h = per24Hours && Decimal.max(per24Hours.minus(await this.usedInLastDay(tx, op)), 0);
    const remaining = Decimal.min(...[perOperation, left24h].filter((d): d is Decimal => d !== null));
    const word = op.operation;
    if (perOperation && op.amountAzn.gt(perOperation)) {
      throw new LimitExceededError(word, 'per operation', shown(perOperation), shown(remaining));
    }
    if (per24Hours && left24h && op.amountAzn.gt(left24h)) {
      throw new LimitExceededError(word, 'per 24 hours', shown(per24Hours), shown(remaining));
    }
  }

  /** A bank's limits for one level, as the API shows them. */
  async limitsFor(tx: Tx, bankId: string, kycLevel: number): Promise<OperationLimitView[]> {
    const rows = await tx.operationLimit.findMany({ where: { bankId, kycLevel }, orderBy: { operation: 'asc' } });
    return rows.map((r) => ({
      operation: r.operation,
      perOperation: r.perOperation ? r.perOperation.toFixed(2) : null,
      per24Hours: r.per24Hours ? r.per24Hours.toFixed(2) : null,
    }));
  }

  /** The row lock that serialises one customer's limited operations (see `claim`). */
  private lockUser(tx: Tx, userId: string): Promise<{ kycLevel: number }> {
    return tx.user.update({ where: { id: userId }, data: { version: { increment: 1 } }, select: { kycLevel: true } });
  }

  /**
   * The AZN side of the customer's other PENDING and COMPLETED operations of this kind created
   * in the last 24 hours, plus its other OPEN orders of this side placed in them. A TRIGGERED
   * order is left out: its trade (PENDING, then COMPLETED) counts instead, never both.
   */
  private async usedInLastDay(tx: Tx, op: LimitedOperation): Promise<Decimal> {
    const since = new Date(this.clock.now().getTime() - DAY_MS);
    const { _sum } = await tx.transaction.aggregate({
      where: {
        userId: op.userId,
        type: op.operation,
        status: { in: [TransactionStatus.PENDING, TransactionStatus.COMPLETED] },
        createdAt: { gte: since },
        ...(op.transactionId && { id: { not: op.transactionId } }),
      },
      _sum: { amountIn: true, amountOut: true },
    });
    const sum = op.operation === TransactionType.SELL ? _sum.amountOut : _sum.amountIn;
    if (op.operation !== TransactionType.BUY && op.operation !== TransactionType.SELL) return new Decimal(sum ? sum.toString() : 0);
    const orders = await tx.order.aggregate({
      where: {
        userId: op.userId,
        side: op.operation,
        status: OrderStatus.OPEN,
        createdAt: { gte: since },
        ...(op.orderId && { id: { not: op.orderId } }),
      },
      _sum: { limitedAzn: true },
    });
    return new Decimal(sum ? sum.toString() : 0).plus(orders._sum.limitedAzn ? orders._sum.limitedAzn.toString() : 0);
  }
}
