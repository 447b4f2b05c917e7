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
  /** The run under way: a tick that finds one still running is skipped (two REPEATABLE READ reads of every bank, two checkpoints racing for one sequence). */
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: CoreConfig,
    private readonly prisma: PrismaService,
    private readonly snapshots: TakeLiabilitySnapshotUseCase,
    private readonly logging: AppLogging,
    private readonly checkpoints: TakeLedgerCheckpointUseCase,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.PROOF_SNAPSHOT_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.PROOF_SNAPSHOT_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One timer tick: never a rejection nobody handles (the database down at the tick is logged,
   * and the next tick tries again), never two runs at once.
   */
  async tick(): Promise<void> {
    if (this.running) {
      this.logger.warn({ event: 'liability_snapshots_skipped' }, 'the previous snapshot run is still under way: this tick is skipped');
      return;
    }
    this.running = this.runAll()
      .catch((err: unknown) => this.logger.error({ event: 'liability_snapshots_failed', err }, 'the snapshot run failed; the next tick tries again'))
      .finally(() => {
        this.running = null;
      });
    await this.running;
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
