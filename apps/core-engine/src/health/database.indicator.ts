import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '@app/database';
import { probe } from '@app/shared-types';
import { READY_TIMEOUT_MS } from './health.constants';

/** The database answers a query, through the app's own connection pool. */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly logger = new Logger(DatabaseHealthIndicator.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check<const Key extends string>(key: Key) {
    const result = await probe(() => this.prisma.$queryRaw`SELECT 1`, READY_TIMEOUT_MS);
    if (result.up) return this.indicators.check(key).up();
    this.logger.warn(`database not ready: ${result.detail}`);
    return this.indicators.check(key).down({ message: `SELECT 1 ${result.reason}` });
  }
}
