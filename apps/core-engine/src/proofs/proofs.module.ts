import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { AuditTrail } from '../admin/audit/audit-trail.service';
import { ProofsController } from './proofs.controller';
import { LiabilityProofUseCase } from './serve/liability-proof.use-case';
import { SnapshotScheduler } from './snapshot/snapshot-scheduler';
import { TakeLiabilitySnapshotUseCase } from './snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from './checkpoint/take-ledger-checkpoint.use-case';
import { ReservesService } from './reserves/reserves.service';

/** Liabilities snapshots, their proofs, ledger checkpoints and the daily schedule (docs/proofs.md). */
@Module({
  imports: [AuthModule],
  controllers: [ProofsController],
  providers: [AuditTrail, LiabilityProofUseCase, TakeLiabilitySnapshotUseCase, TakeLedgerCheckpointUseCase, ReservesService, SnapshotScheduler],
  exports: [TakeLiabilitySnapshotUseCase, TakeLedgerCheckpointUseCase, ReservesService],
})
export class ProofsModule {}
