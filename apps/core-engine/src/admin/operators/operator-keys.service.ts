import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PrismaService } from '@app/database';
import { OperatorRole } from '@app/prisma-client';
import { apiKeyPrefix, hashApiKey, sameHash } from '../../auth/api-key-hash';
import { ApiKeyNotFoundError } from '../../errors';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';

export interface Operator {
  id: string;
  name: string;
  role: OperatorRole;
}

/** "op_" and 40 url-safe random characters: told apart from bank keys ("ck_") at a glance. */
export function generateOperatorKey(): string {
  return `op_${randomBytes(30).toString('base64url')}`;
}

/**
 * Operator keys, hashed as bank keys are (auth/api-key-hash.ts) but in a table of their own:
 * the admin surface looks only here, the banks' API only in ApiKey. Not cached: the admin
 * surface is low-volume, so a revoked operator key stops at once.
 */
@Injectable()
export class OperatorKeys {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditTrail,
  ) {}

  async authenticate(key: string): Promise<Operator | null> {
    const hash = hashApiKey(key);
    const candidates = await this.prisma.operatorKey.findMany({ where: { prefix: apiKeyPrefix(key), revokedAt: null } });
    const match = candidates.find((c) => sameHash(c.keyHash, hash));
    if (!match) return null;
    await this.prisma.operatorKey.update({ where: { id: match.id }, data: { lastUsedAt: new Date() } });
    return { id: match.id, name: match.name, role: match.role };
  }

  /** The key is in the answer only: it is stored as its hash. */
  async create(actor: AdminActor, input: { name: string; role: OperatorRole }) {
    const key = generateOperatorKey();
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.operatorKey.create({ data: { name: input.name, role: input.role, keyHash: hashApiKey(key), prefix: apiKeyPrefix(key) } });
      const shown = describeOperatorKey(row);
      await this.audit.record(tx, actor, { action: 'operator_key.create', targetType: 'operator_key', targetId: row.id, after: shown });
      return { ...shown, key };
    });
  }

  async list() {
    const rows = await this.prisma.operatorKey.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(describeOperatorKey);
  }

  async revoke(actor: AdminActor, id: string) {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.operatorKey.findUnique({ where: { id } });
      if (!before) throw new ApiKeyNotFoundError();
      const after = before.revokedAt ? before : await tx.operatorKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, actor, {
        action: 'operator_key.revoke',
        targetType: 'operator_key',
        targetId: id,
        before: describeOperatorKey(before),
        after: describeOperatorKey(after),
      });
      return describeOperatorKey(after);
    });
  }
}

function describeOperatorKey(row: {
  id: string;
  name: string;
  role: OperatorRole;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
