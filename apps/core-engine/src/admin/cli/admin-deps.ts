import { INestApplicationContext } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.service';
import { BankKeysUseCases } from '../banks/bank-keys.use-cases';
import { BankLimitsUseCases } from '../banks/bank-limits.use-cases';
import { BanksUseCases } from '../banks/banks.use-cases';
import { WebhookSecretRotation } from '../banks/webhook-secret.use-case';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { DeadEvents } from '../events/dead-events.service';
import { EventRedelivery } from '../events/event-redelivery.use-case';
import { OperatorKeys } from '../operators/operator-keys.service';
import { StatementService } from '../treasury/statement.service';
import { TreasuryService } from '../treasury/treasury.service';
import { AdminTradeResolution } from '../trades/trade-resolution.use-case';
import { FundingUnderReviewQuery } from '../../funding/review/funding-under-review.query';
import { AdminFundingResolution } from '../funding/funding-resolution.use-case';
import { AdminCommandDeps } from './admin-commands';
import { TakeLiabilitySnapshotUseCase } from '../../proofs/snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../../proofs/checkpoint/take-ledger-checkpoint.use-case';
import { ReservesService } from '../../proofs/reserves/reserves.service';

/** The use cases a command calls, from a context that has them: `npm run admin`'s (AdminCommandsModule) or the admin app. */
export function adminDeps(context: INestApplicationContext): AdminCommandDeps {
  const get = <T>(type: new (...args: never[]) => T): T => context.get(type, { strict: false });
  return {
    audit: get(AuditTrail),
    operatorKeys: get(OperatorKeys),
    banks: get(BanksUseCases),
    keys: get(BankKeysUseCases),
    limits: get(BankLimitsUseCases),
    secrets: get(WebhookSecretRotation),
    treasury: get(TreasuryService),
    statements: get(StatementService),
    deadEvents: get(DeadEvents),
    redelivery: get(EventRedelivery),
    tradesUnderReview: get(TradesUnderReview),
    trades: get(AdminTradeResolution),
    fundingUnderReview: get(FundingUnderReviewQuery),
    funding: get(AdminFundingResolution),
    liabilitySnapshots: get(TakeLiabilitySnapshotUseCase),
    ledgerCheckpoints: get(TakeLedgerCheckpointUseCase),
    reserves: get(ReservesService),
  };
}
