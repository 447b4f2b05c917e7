import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AppLogging } from '@app/shared-types';
import { CoreConfig } from '../../config';
import { TakeLiabilitySnapshotUseCase } from './take-liability-snapshot.use-case';
import { TakeLedgerCheckpointUseCase } from '../checkpoint/take-ledger-checkpoint.use-case';

/** Checkpoints one run takes at most (CHECKPOINT_MAX_ROWS rows each); the next run goes on from there. */
const CATCH_UP_CHECKPOINTS = 100;

/**
 * Every PROOF_SNAPSHOT_INTERVAL_MS (daily by default; 0: never), each bank's liabilities
 * snapshot, as a job of its own. Runs apart from trades: it only reads, in its own transactions.
 */
@Injectable()
export class SnapshotScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: CoreConfig,
    private readonly prisma: PrismaService,
    private readonly snapshots: TakeLiabilitySnapshotUseCase,
    private readonly logging: AppLogging,
    private readonly checkpoints: TakeLedgerCheckpointUseCase,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.PROOF_SNAPSHOT_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.runAll(), this.config.PROOF_SNAPSHOT_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One snapshot per bank (a bank that fails is logged and the others still run), then a ledger checkpoint when a key is set. */
  async runAll(): Promise<void> {
    await this.logging.runJob('liability-snapshots', async () => {
      const banks = await this.prisma.bank.findMany({ select: { code: true }, orderBy: { code: 'asc' } });
      for (const { code } of banks) {
        try {
          await this.snapshots.take(code, 'daily');
        } catch (err) {
          this.logger.error({ event: 'liability_snapshot_failed', bankCode: code, err }, `snapshot of ${code} failed`);
        }
      }
      if (!this.checkpoints.configured) return;
      try {
        // A backlog longer than one checkpoint's rows is caught up in a row of checkpoints.
        for (let i = 0; i < CATCH_UP_CHECKPOINTS && (await this.checkpoints.take('daily')); i++);
      } catch (err) {
        this.logger.error({ event: 'ledger_checkpoint_failed', err }, 'ledger checkpoint failed');
      }
    });
  }
}
