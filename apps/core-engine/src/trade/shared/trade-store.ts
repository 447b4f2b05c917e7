import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { ApiResult, InsufficientFundsError, QuoteAlreadyUsedError, QuoteExpiredError, SqlState, sqlFailure } from '../../errors';
import { storedAnswer } from '../../idempotency';
import { assertBalanced, Posting, postingArgs } from '../../ledger';
import { DB_SCALE, Decimal } from '../../money';
import { OutboxRow } from '../../outbox';
import { PausePoints } from '../../reliability/pause-points';
import { TradePlan, transactionType } from './trade-plan';

/** Phase 1's statement: the database function open_trade (prisma/migrations/*_one_statement_trade_phases). */
const OPEN_TRADE = {
  name: 'open_trade',
  text: `SELECT open_trade($1::uuid, $2::uuid, $3, $4, $5::uuid, $6::"TransactionType", $7::"Currency", $8::"Currency",
                          $9::numeric, $10::numeric, $11::numeric, $12::numeric, $13::int, $14::uuid, $15::uuid, $16::timestamptz)`,
};

/** Phase 3's statement: the database function settle_trade. */
const SETTLE_TRADE = {
  name: 'settle_trade',
  text: `SELECT settle_trade($1::uuid, $2::uuid[], $3::numeric[], $4::numeric, $5::numeric, $6, $7::int, $8,
                            $9::timestamptz, $10::uuid, $11::uuid, $12, $13)`,
};

export interface OpenTrade {
  transactionId: string;
  bankId: string;
  idempotencyKey: string;
  requestHash: string;
  userId: string;
  holdAccountId: string;
  plan: TradePlan;
  now: Date;
}

export interface SettleTrade {
  transactionId: string;
  postings: Posting[];
  fee: Decimal;
  executedPrice: Decimal;
  exchangeOrderId: string;
  answer: ApiResult;
  now: Date;
  event: OutboxRow | null;
}

/**
 * The two writes of a trade that must be fast, each ONE statement in autocommit through
 * the pg pool, without the ORM (bench/README.md, changes 1, 2 and 4): a statement commits
 * whole or not at all, and the hot omnibus rows stay locked only while it runs. What the
 * statements do is written once, in SQL (the functions' comments say why each step is
 * there); this class only passes the arguments and turns their SQLSTATEs into domain errors.
 * Named statements: each pooled connection parses and plans them once.
 */
@Injectable()
export class TradeStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pause: PausePoints,
  ) {}

  /**
   * Phase 1. Throws the database's unique violation as is when the idempotency key is taken
   * (IdempotencyService.isKeyConflict recognises it), InsufficientFundsError, or a quote error.
   */
  async open(o: OpenTrade): Promise<void> {
    const { plan } = o;
    try {
      await this.prisma.sql(
        OPEN_TRADE,
        [
          o.transactionId, o.bankId, o.idempotencyKey, o.requestHash, o.userId, transactionType(plan), plan.currencyIn,
          plan.currencyOut, plan.amountIn.toFixed(DB_SCALE), plan.amountOut.toFixed(DB_SCALE), plan.rate.toFixed(DB_SCALE),
          plan.marketPrice.toFixed(DB_SCALE), plan.spreadBps, plan.quoteId, o.holdAccountId, o.now,
        ],
      );
    } catch (err) {
      switch (sqlFailure(err)?.code) {
        case SqlState.insufficientFunds:
          throw new InsufficientFundsError(plan.currencyIn);
        case SqlState.quoteUsed:
          throw new QuoteAlreadyUsedError();
        case SqlState.quoteExpired:
          throw new QuoteExpiredError();
        default:
          throw err;
      }
    }
  }

  /**
   * Phase 3: holds posted, the transaction COMPLETED with its stored answer, the transfer and
   * the bank's event. Throws when nothing was written (the caller leaves the trade PENDING
   * for reconciliation, which answers whatever did happen).
   */
  async settle(s: SettleTrade): Promise<void> {
    assertBalanced(s.postings);
    const { accounts, amounts } = postingArgs(s.postings);
    const { responseStatus, responseBody } = storedAnswer(s.answer);
    const values = [
      s.transactionId, accounts, amounts, s.fee.toFixed(DB_SCALE), s.executedPrice.toFixed(DB_SCALE), s.exchangeOrderId,
      responseStatus, responseBody, s.now, s.event?.id ?? null, s.event?.bankId ?? null, s.event?.type ?? null,
      s.event?.payload ?? null,
    ];
    if (!this.pause.armed('trade:inside-settle')) {
      await this.prisma.sql(SETTLE_TRADE, values);
      return;
    }
    // Test only (the crash suite): the same statement inside an explicit transaction that
    // stays open at the pause point, so the process can be killed before it commits.
    await this.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(SETTLE_TRADE.text, ...values);
      await this.pause.at('trade:inside-settle', s.transactionId);
    });
  }
}
