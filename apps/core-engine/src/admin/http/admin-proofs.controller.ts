import { Controller, Param, Post, UseGuards } from '@nestjs/common';
import { AdminActor } from '../audit/audit-trail.service';
import { TakeLiabilitySnapshotUseCase } from '../../proofs/snapshot/take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../../proofs/checkpoint/take-ledger-checkpoint.use-case';
import { CurrentActor, OperatorKeyGuard } from './operator-key.guard';

/** Liabilities snapshots on an operator's request (docs/proofs.md); each is audited. */
@Controller('admin/v1')
@UseGuards(OperatorKeyGuard)
export class AdminProofsController {
  constructor(
    private readonly snapshots: TakeLiabilitySnapshotUseCase,
    private readonly checkpoints: TakeLedgerCheckpointUseCase,
  ) {}

  /** The next signed ledger checkpoint; data null when no settled row is new. */
  @Post('ledger/checkpoints')
  async checkpoint(@CurrentActor() actor: AdminActor) {
    return { success: true as const, data: await this.checkpoints.take(actor) };
  }

  @Post('banks/:code/liability-snapshots')
  async take(@CurrentActor() actor: AdminActor, @Param('code') code: string) {
    return { success: true as const, data: await this.snapshots.take(code, actor) };
  }
}
