import { PrismaService } from '@app/database';
import { AuditTrail } from '../audit/audit-trail.service';
import { BankKeysUseCases } from '../banks/bank-keys.use-cases';
import { BanksUseCases } from '../banks/banks.use-cases';
import { WebhookSecretRotation } from '../banks/webhook-secret.use-case';
import { EventsService } from '../../events/events.service';
import { TradesUnderReview } from '../../trade/review/trades-under-review.query';
import { DeadEvents } from '../events/dead-events.service';
import { EventRedelivery } from '../events/event-redelivery.use-case';
import { OperatorKeys } from '../operators/operator-keys.service';
import { StatementService } from '../treasury/statement.service';
import { TreasuryService } from '../treasury/treasury.service';
import { AdminCommandDeps } from './admin-commands';

/** The use cases on one Prisma client, built by hand: tsx does not emit the decorator metadata Nest's injector reads. */
export function adminDeps(prisma: PrismaService): AdminCommandDeps {
  const audit = new AuditTrail(prisma);
  const banks = new BanksUseCases(prisma, audit);
  return {
    audit,
    operatorKeys: new OperatorKeys(prisma, audit),
    banks,
    keys: new BankKeysUseCases(prisma, audit, banks),
    secrets: new WebhookSecretRotation(banks),
    treasury: new TreasuryService(prisma),
    statements: new StatementService(prisma, banks),
    deadEvents: new DeadEvents(prisma),
    redelivery: new EventRedelivery(prisma, audit, new EventsService(prisma)),
    tradesUnderReview: new TradesUnderReview(prisma),
  };
}
