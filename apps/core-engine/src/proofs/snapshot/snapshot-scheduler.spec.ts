import { Logger } from '@nestjs/common';
import type { PrismaService } from '@app/database';
import type { AppLogging } from '@app/shared-types';
import type { CoreConfig } from '../../config';
import type { TakeLedgerCheckpointUseCase } from '../checkpoint/take-ledger-checkpoint.use-case';
import { SnapshotScheduler } from './snapshot-scheduler';
import type { TakeLiabilitySnapshotUseCase } from './take-liability-snapshot.use-case';

/** The timer's tick (review finding): a failing run is logged, never an unhandled rejection; runs never overlap. */
describe('SnapshotScheduler.tick', () => {
  const config = { PROOF_SNAPSHOT_INTERVAL_MS: 0 } as CoreConfig;
  const logging = { runJob: <T>(_job: string, fn: () => Promise<T>) => fn() } as unknown as AppLogging;
  const checkpoints = { configured: false } as unknown as TakeLedgerCheckpointUseCase;

  afterEach(() => jest.restoreAllMocks());

  it('the database down at the tick: logged at error, the tick resolves, the next tick runs again', async () => {
    const findMany = jest
      .fn()
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
      .mockResolvedValueOnce([{ code: 'b1' }]);
    const prisma = { bank: { findMany } } as unknown as PrismaService;
    const take = jest.fn().mockResolvedValue(undefined);
    const scheduler = new SnapshotScheduler(config, prisma, { take } as unknown as TakeLiabilitySnapshotUseCase, logging, checkpoints);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(scheduler.tick()).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ event: 'liability_snapshots_failed' }), expect.any(String));
    expect(take).not.toHaveBeenCalled();

    await scheduler.tick();
    expect(take).toHaveBeenCalledWith('b1', 'daily');
  });

  it('a tick while a run is under way is skipped: one run at a time', async () => {
    let finish!: () => void;
    const take = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const prisma = { bank: { findMany: jest.fn().mockResolvedValue([{ code: 'b1' }]) } } as unknown as PrismaService;
    const scheduler = new SnapshotScheduler(config, prisma, { take } as unknown as TakeLiabilitySnapshotUseCase, logging, checkpoints);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    const first = scheduler.tick();
    await new Promise((r) => setImmediate(r));
    await scheduler.tick();
    expect(warnings).toHaveBeenCalledWith(expect.objectContaining({ event: 'liability_snapshots_skipped' }), expect.any(String));
    expect(take).toHaveBeenCalledTimes(1);
    finish();
    await first;

    const third = scheduler.tick();
    await new Promise((r) => setImmediate(r));
    finish();
    await third;
    expect(take).toHaveBeenCalledTimes(2);
  });
});
