import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@app/prisma-client';
import { preparedStatementNames } from './statement-names';

/**
 * The isolation level of every transaction, set once per connection (the pg startup option
 * below) rather than per transaction, which would cost Prisma a `SET TRANSACTION` round trip
 * each time. The money paths rely on READ COMMITTED and say how: customer accounts are
 * written only where their `version` is still the one read (optimistic locking), holds and
 * transaction states change only `WHERE status = 'PENDING'`, system accounts by atomic
 * increments; a statement that waited for a row lock re-reads that row before it writes.
 */
export const ISOLATION_LEVEL = 'read committed';

/**
 * The one Prisma client of an app, and its one data path. Prisma 7 has no query engine
 * binary: it talks to PostgreSQL through the pg driver adapter (shared/notes/prisma-offline.md).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  constructor(connectionString: string, poolSize = 10) {
    super({
      adapter: new PrismaPg(
        { connectionString, max: poolSize, options: `-c default_transaction_isolation=${ISOLATION_LEVEL.replace(' ', '\\ ')}` },
        {
          // An idle connection the server ended (a restart, pg_terminate_backend) must not take
          // the process down: the pool drops it and the next query opens a new one.
          onPoolError: (err) => Logger.warn(`idle database connection lost: ${err.message}`, PrismaService.name),
          statementNameGenerator: preparedStatementNames(),
        },
      ),
      // No code frame of the calling line in Prisma's errors: capturing the call site costs a
      // stack trace on every query (bench/README.md); the error itself is logged with its stack.
      errorFormat: 'minimal',
      // Under load a transaction may wait for a pooled connection and for row locks; the
      // defaults (2 s, 5 s) turned such waits into failed requests. Still bounded: a request
      // that cannot get through in time is answered 503 SERVICE_BUSY and rolled back.
      transactionOptions: { maxWait: 5000, timeout: 15000 },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    this.logger.log('connected to PostgreSQL');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
