import { Prisma } from '@app/prisma-client';
import { ConcurrentUpdateError } from '../errors';
import { isLostRace, OPTIMISTIC_ATTEMPTS, OptimisticLockError, withOptimisticRetry } from './optimistic-retry';

/** What Prisma's pg adapter throws for PostgreSQL's 40P01 (deadlock) and 40001 (serialization failure). */
function writeConflict(sqlState: '40P01' | '40001'): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError('Transaction failed due to a write conflict or a deadlock', {
    code: 'P2034',
    clientVersion: '7.10.0',
    meta: { driverAdapterError: { cause: { originalCode: sqlState, kind: 'TransactionWriteConflict' } } },
  });
}

describe('withOptimisticRetry', () => {
  it('treats a version miss, a deadlock and a serialization failure as lost races, and nothing else', () => {
    expect(isLostRace(new OptimisticLockError('a'))).toBe(true);
    expect(isLostRace(writeConflict('40P01'))).toBe(true);
    expect(isLostRace(writeConflict('40001'))).toBe(true);
    expect(isLostRace(new Prisma.PrismaClientKnownRequestError('unique', { code: 'P2002', clientVersion: '7.10.0' }))).toBe(false);
    expect(isLostRace(new Error('connection terminated'))).toBe(false);
  });

  it('runs the transaction again after lost races and returns what the winning attempt returned', async () => {
    const failures = [new OptimisticLockError('a'), writeConflict('40P01'), writeConflict('40001')];
    const attempt = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return 'posted';
    });
    await expect(withOptimisticRetry('test', attempt)).resolves.toBe('posted');
    expect(attempt).toHaveBeenCalledTimes(4);
  });

  it('gives up after OPTIMISTIC_ATTEMPTS lost races with CONCURRENT_UPDATE', async () => {
    const attempt = jest.fn(async () => {
      throw new OptimisticLockError('a');
    });
    const failure = await withOptimisticRetry('test', attempt).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConcurrentUpdateError);
    expect((failure as ConcurrentUpdateError).errorCode).toBe('CONCURRENT_UPDATE');
    expect(attempt).toHaveBeenCalledTimes(OPTIMISTIC_ATTEMPTS);
  });

  it('throws any other error at once, without another attempt', async () => {
    const attempt = jest.fn(async () => {
      throw new Error('connection terminated');
    });
    await expect(withOptimisticRetry('test', attempt)).rejects.toThrow('connection terminated');
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
