import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AppLogging } from '@app/shared-types';
import { CoreConfig } from '../config';
import { ResolveTradeUseCase } from '../trade/review/resolve-trade.use-case';
import { ResolveFundingUseCase } from '../funding/review/resolve-funding.use-case';
import { AdminFundingResolution } from './funding/funding-resolution.use-case';
import { AdminFundingController } from './http/admin-funding.controller';
import { AdminUseCasesModule } from './admin.module';
import { AdminTradeResolution } from './trades/trade-resolution.use-case';
import { AdminAuditController } from './http/admin-audit.controller';
import { AdminBanksController } from './http/admin-banks.controller';
import { AdminTreasuryController } from './http/admin-treasury.controller';
import { AdminEventsController } from './http/admin-events.controller';
import { AdminTradesController } from './http/admin-trades.controller';
import { AdminOrdersController } from './http/admin-orders.controller';
import { AdminProofsController } from './http/admin-proofs.controller';
import { TakeLiabilitySnapshotUseCase } from '../proofs/snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../proofs/checkpoint/take-ledger-checkpoint.use-case';
import { ReservesService } from '../proofs/reserves/reserves.service';
import { OperatorKeyGuard } from './http/operator-key.guard';
import { OperatorPageController } from './page/operator-page.controller';
import { OperatorPageGuard } from './page/operator-page.guard';

/** Few connections: the admin surface is a handful of operators, never the trade path's load. */
const ADMIN_POOL_SIZE = 3;

/**
 * The admin surface as an app of its own (main.ts starts it on ADMIN_PORT): none of the banks'
 * routes are reachable through it, none of its routes through the banks' port. A trade's
 * resolution runs on the Core Engine app's own trade stack (`core`: its exchange client, ledger,
 * outbox and pool), not a second one.
 */
@Module({})
export class AdminAppModule {
  static forRoot(config: CoreConfig, logging: AppLogging, core: INestApplicationContext): DynamicModule {
    return {
      module: AdminAppModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: ADMIN_POOL_SIZE }), AdminUseCasesModule],
      controllers: [
        AdminBanksController,
        AdminAuditController,
        AdminTreasuryController,
        AdminEventsController,
        AdminTradesController,
        AdminOrdersController,
        AdminFundingController,
        AdminProofsController,
        OperatorPageController,
      ],
      providers: [
        { provide: CoreConfig, useValue: config },
        { provide: AppLogging, useValue: logging },
        { provide: ResolveTradeUseCase, useValue: core.get<ResolveTradeUseCase>(ResolveTradeUseCase, { strict: false }) },
        // Snapshots run on the Core Engine app's proofs stack (its settings and pool), as trade resolutions do.
        { provide: TakeLiabilitySnapshotUseCase, useValue: core.get<TakeLiabilitySnapshotUseCase>(TakeLiabilitySnapshotUseCase, { strict: false }) },
        { provide: TakeLedgerCheckpointUseCase, useValue: core.get<TakeLedgerCheckpointUseCase>(TakeLedgerCheckpointUseCase, { strict: false }) },
        { provide: ReservesService, useValue: core.get<ReservesService>(ReservesService, { strict: false }) },
        AdminTradeResolution,
        { provide: ResolveFundingUseCase, useValue: core.get<ResolveFundingUseCase>(ResolveFundingUseCase, { strict: false }) },
        AdminFundingResolution,
        OperatorKeyGuard,
        OperatorPageGuard,
      ],
    };
  }
}
