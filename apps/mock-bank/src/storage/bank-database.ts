import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { MockBankConfig } from '../config';
import { SCHEMA, SCHEMA_STATEMENTS } from './schema';

/** What a repository needs: the pool itself, or one client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Any constant will do: it only has to be the same in every Mock Bank process. */
const SCHEMA_LOCK_KEY = 7_302_001;

/**
 * The Mock Bank's PostgreSQL, reached with plain `pg` (the bank is not the core: no Prisma,
 * no shared models). Creates its schema at boot.
 */
@Injectable()
export class BankDatabase implements Queryable, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BankDatabase.name);
  private readonly pool: Pool;

  constructor(config: MockBankConfig) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 5 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
  }

  async onModuleInit(): Promise<void> {
    // Two banks booting at once (parallel test workers) would race on CREATE SCHEMA
    // IF NOT EXISTS, which is not atomic in PostgreSQL; the lock makes them take turns.
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      for (const statement of SCHEMA_STATEMENTS) await client.query(statement);
    });
    this.logger.log(`storage ready (schema ${SCHEMA})`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; rowCount: number | null }> {
    return this.pool.query<R>(sql, params);
  }

  /** Runs `work` in one database transaction on one client; rolls back when it throws. */
  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** PostgreSQL's unique_violation: a concurrent insert of the same key won. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}
