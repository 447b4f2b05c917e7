import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Prisma } from '@app/prisma-client';

/** Who did an admin action: an operator key's holder (admin API) or a shell user (npm run admin). */
export interface AdminActor {
  /** "operator:<name>" or "cli:<os user>". */
  readonly id: string;
}

export interface AuditEntry {
  action: string;
  targetType: 'bank' | 'api_key' | 'operator_key' | 'event' | 'trade' | 'funding' | 'ledger_checkpoint';
  targetId: string | null;
  before?: object | null;
  after?: object | null;
}

type Tx = Prisma.TransactionClient;

/**
 * The admin actions' append-only record (a trigger refuses UPDATE and DELETE). Each use case
 * writes its entry in the transaction of the change itself: no change without its entry,
 * no entry for a change that rolled back.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly prisma: PrismaService) {}

  async record(tx: Tx, actor: AdminActor, entry: AuditEntry): Promise<void> {
    await tx.adminAudit.create({
      data: {
        actor: actor.id,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        before: entry.before ?? Prisma.DbNull,
        after: entry.after ?? Prisma.DbNull,
      },
    });
  }

  /** Newest first; `beforeId` pages back. */
  async list(filter: { targetType?: string; targetId?: string; limit?: number; beforeId?: string } = {}) {
    const rows = await this.prisma.adminAudit.findMany({
      where: {
        targetType: filter.targetType,
        targetId: filter.targetId,
        ...(filter.beforeId !== undefined && { id: { lt: BigInt(filter.beforeId) } }),
      },
      orderBy: { id: 'desc' },
      take: Math.min(Math.max(filter.limit ?? 50, 1), 500),
    });
    return rows.map((r) => ({
      id: r.id.toString(),
      at: r.createdAt.toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      before: r.before,
      after: r.after,
    }));
  }
}
