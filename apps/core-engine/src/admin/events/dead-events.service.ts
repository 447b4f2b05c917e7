import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { OutboxStatus } from '@app/prisma-client';

/**
 * Webhook events the dispatcher gave up on (DEAD), newest first: listed only; redelivering one
 * is the outbox's own use case (POST /api/v1/events/{id}/redeliver), wired here once merged.
 */
@Injectable()
export class DeadEvents {
  constructor(private readonly prisma: PrismaService) {}

  async list(limit = 100) {
    const rows = await this.prisma.outboxEvent.findMany({
      where: { status: OutboxStatus.DEAD },
      orderBy: { createdAt: 'desc' },
      take: Math.min(Math.max(limit, 1), 500),
      include: { bank: { select: { code: true } } },
    });
    return rows.map((e) => ({
      id: e.id,
      bank: e.bank.code,
      type: e.type,
      transactionId: e.transactionId,
      attempts: e.attempts,
      lastError: e.lastError,
      createdAt: e.createdAt.toISOString(),
    }));
  }
}
