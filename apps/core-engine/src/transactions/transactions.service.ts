import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Prisma } from '@app/prisma-client';
import {
  TRANSACTION_LIST_DEFAULT_LIMIT,
  TransactionListData,
  TransactionListQueryDto,
  TransactionSummary,
  TransactionView,
  UUID_PATTERN,
} from '@app/shared-types';
import { TransactionNotFoundError } from '../errors';
import { olderThanCursor, pageOf } from './list-cursor';

type TransactionRow = Prisma.TransactionGetPayload<{ include: { user: { select: { bankCustomerId: true } } } }>;

const WITH_LEDGER = {
  user: { select: { bankCustomerId: true } },
  ledger: { orderBy: { id: 'asc' }, include: { account: { select: { kind: true } } } },
} satisfies Prisma.TransactionInclude;

/**
 * A bank's reads of its own transactions. Every query is scoped to the calling bank: another
 * bank's transaction is "not found", never "forbidden". The house's side of a transaction is
 * shown without balances: an omnibus account's balanceAfter sums every bank's trades.
 */
@Injectable()
export class TransactionsService {
  constructor(private readonly prisma: PrismaService) {}

  async findForBank(bankId: string, id: string): Promise<TransactionView> {
    if (!UUID_PATTERN.test(id)) throw new TransactionNotFoundError();
    const tx = await this.prisma.transaction.findFirst({ where: { id, bankId }, include: WITH_LEDGER });
    if (!tx) throw new TransactionNotFoundError();
    return withLedger(tx);
  }

  /** The transaction a request with this idempotency key created (keys are per bank). */
  async findByIdempotencyKey(bankId: string, idempotencyKey: string): Promise<TransactionView> {
    // Keys are UUIDs, stored lower-cased (http/idempotency-key.decorator.ts).
    if (!UUID_PATTERN.test(idempotencyKey)) throw new TransactionNotFoundError();
    const tx = await this.prisma.transaction.findUnique({
      where: { bankId_idempotencyKey: { bankId, idempotencyKey: idempotencyKey.toLowerCase() } },
      include: WITH_LEDGER,
    });
    if (!tx) throw new TransactionNotFoundError();
    return withLedger(tx);
  }

  /**
   * Newest first, by (createdAt, id) descending, and paged by keyset: the cursor is the last
   * entry's (createdAt, id), and the next page starts strictly after it. Transactions created
   * while a client pages are newer than its cursor, so they never shift or repeat the pages
   * it has still to read.
   */
  /** Newest first, by (createdAt, id) descending, and paged by keyset (list-cursor.ts). */
  async list(bankId: string, query: TransactionListQueryDto): Promise<TransactionListData> {
    const limit = query.limit ? Number(query.limit) : TRANSACTION_LIST_DEFAULT_LIMIT;
    const rows = await this.prisma.transaction.findMany({
      where: {
        bankId,
        ...(query.bankUserId !== undefined && { user: { bankCustomerId: query.bankUserId } }),
        ...(query.type !== undefined && { type: query.type }),
        ...(query.status !== undefined && { status: query.status }),
        ...((query.from !== undefined || query.to !== undefined) && {
          createdAt: { ...(query.from !== undefined && { gte: new Date(query.from) }), ...(query.to !== undefined && { lt: new Date(query.to) }) },
        }),
        ...olderThanCursor(query.cursor),
      },
      include: { user: { select: { bankCustomerId: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return pageOf(rows, limit, summary);
  }
}

function summary(tx: TransactionRow): TransactionSummary {
  return {
    transactionId: tx.id,
    type: tx.type,
    status: tx.status,
    bankUserId: tx.user.bankCustomerId,
    amountIn: tx.amountIn.toFixed(2),
    currencyIn: tx.currencyIn,
    amountOut: tx.amountOut.toFixed(2),
    currencyOut: tx.currencyOut,
    feeAmount: tx.feeAmount.toFixed(8),
    exchangeRate: tx.exchangeRate ? tx.exchangeRate.toFixed(4) : null,
    errorCode: tx.errorCode,
    createdAt: tx.createdAt.toISOString(),
    completedAt: tx.completedAt ? tx.completedAt.toISOString() : null,
  };
}

function withLedger(tx: Prisma.TransactionGetPayload<{ include: typeof WITH_LEDGER }>): TransactionView {
  return {
    ...summary(tx),
    ledger: tx.ledger.map((r) => ({
      id: r.id.toString(),
      accountId: r.accountId,
      accountKind: r.account.kind,
      currency: r.currency,
      amount: r.amount.toFixed(8),
      balanceAfter: r.account.kind === AccountKind.OMNIBUS ? null : r.balanceAfter.toFixed(8),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
