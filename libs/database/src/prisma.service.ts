import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, QueryConfig, QueryResultRow } from 'pg';
import { PrismaClient } from '@app/prisma-client';

/**
 * The one Prisma client of an app. Prisma 7 has no query engine binary: it talks to
 * PostgreSQL through the pg driver adapter (shared/notes/prisma-offline.md).
 *
 * The adapter is given our own pg Pool so that the few hot-path statements (a trade's
 * one-statement phases, docs/buy-flow.md) can go to PostgreSQL through the same pool
 * without the ORM: `sql()`. Prisma costs 5 to 8 times the CPU of a plain pg query per
 * statement (bench/README.md); everything else keeps using Prisma.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly pool: Pool;

  constructor(connectionString: string, poolSize = 10) {
    const pool = new Pool({ connectionString, max: poolSize });
    super({
      adapter: new PrismaPg(pool),
      // Under load a transaction may wait for a pooled connection and for row locks; the
      // defaults (2 s, 5 s) turned such waits into failed requests. Still bounded: a request
      // that cannot get through in time is answered 503 SERVICE_BUSY and rolled back.
      transactionOptions: { maxWait: 5000, timeout: 15000 },
    });
    // An idle connection the server ended (a restart, pg_terminate_backend) must not take
    // the process down: the pool drops it and the next query opens a new one.
    pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
    this.pool = pool;
  }

  /**
   * One statement through the pool, in autocommit: atomic on its own. A `{ name, text }`
   * statement is prepared once per connection.
   */
  async sql<T extends QueryResultRow = QueryResultRow>(statement: string | Pick<QueryConfig, 'name' | 'text'>, values: unknown[]): Promise<T[]> {
    const config = typeof statement === 'string' ? { text: statement } : statement;
    return (await this.pool.query<T>({ ...config, values })).rows;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    this.logger.log('connected to PostgreSQL');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}
