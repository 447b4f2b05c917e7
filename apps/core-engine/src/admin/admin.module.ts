import { Module } from '@nestjs/common';
import { AuditTrail } from './audit/audit-trail.service';
import { BankKeysUseCases } from './banks/bank-keys.use-cases';
import { BankLimitsUseCases } from './banks/bank-limits.use-cases';
import { BanksUseCases } from './banks/banks.use-cases';
import { WebhookSecretRotation } from './banks/webhook-secret.use-case';
import { EventsService } from '../events/events.service';
import { TradesUnderReview } from '../trade/review/trades-under-review.query';
import { TradeModule } from '../trade/trade.module';
import { FundingModule } from '../funding/funding.module';
import { FundingUnderReviewQuery } from '../funding/review/funding-under-review.query';
import { AdminFundingResolution } from './funding/funding-resolution.use-case';
import { AdminTradeResolution } from './trades/trade-resolution.use-case';
import { DeadEvents } from './events/dead-events.service';
import { EventRedelivery } from './events/event-redelivery.use-case';
import { OperatorKeys } from './operators/operator-keys.service';
import { StatementService } from './treasury/statement.service';
import { TreasuryService } from './treasury/treasury.service';
import { OpenOrdersQuery } from './orders/open-orders.query';

const USE_CASES = [
  AuditTrail,
  OperatorKeys,
  BanksUseCases,
  BankKeysUseCases,
  BankLimitsUseCases,
  WebhookSecretRotation,
  TreasuryService,
  StatementService,
  DeadEvents,
  EventsService,
  EventRedelivery,
  TradesUnderReview,
  FundingUnderReviewQuery,
  OpenOrdersQuery,
];

/** The operator's use cases, shared by the admin HTTP surface and `npm run admin` (needs a global PrismaService). */
@Module({ providers: USE_CASES, exports: USE_CASES })
export class AdminUseCasesModule {}

/**
 * `npm run admin`'s module, beside the Core Engine's (createCoreContext): the use cases above and
 * the trade and funding resolutions, on the Core Engine's own trade and funding stacks.
 */
@Module({ imports: [TradeModule, FundingModule, AdminUseCasesModule], providers: [AdminTradeResolution, AdminFundingResolution] })
export class AdminCommandsModule {}
