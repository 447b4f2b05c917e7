import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@app/prisma-client';

/**
 * The one Prisma client of an app. Prisma 7 has no query engine binary: it talks to
 * PostgreSQL through the pg driver adapter (shared/notes/prisma-offline.md).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  constructor(connectionString: string, poolSize = 10) {
    super({
      adapter: new PrismaPg({ connectionString, max: poolSize }),
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
