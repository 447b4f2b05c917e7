import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { ApiKey } from '@app/prisma-client';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../../auth/api-key-hash';
import { ApiKeyNotFoundError } from '../../errors';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';
import { isUuid } from './bank-view';
import { BanksUseCases } from './banks.use-cases';

/**
 * A bank's API keys. A rotation without a failed request: create the new key, move the
 * bank's traffic to it, then revoke the old one (it stops within API_KEY_CACHE_MS).
 */
@Injectable()
export class BankKeysUseCases {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditTrail,
    private readonly banks: BanksUseCases,
  ) {}

  /** The key is in the answer only: it is stored as its SHA-256 hash. */
  async create(actor: AdminActor, bankCode: string, label = 'default') {
    const bank = await this.banks.find(bankCode);
    const key = generateApiKey();
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data: { bankId: bank.id, keyHash: hashApiKey(key), prefix: apiKeyPrefix(key), label } });
      const shown = describeKey(row);
      await this.audit.record(tx, actor, { action: 'api_key.create', targetType: 'api_key', targetId: row.id, after: { bank: bank.code, ...shown } });
      return { ...shown, key };
    });
  }

  async list(bankCode: string) {
    const bank = await this.banks.find(bankCode);
    const rows = await this.prisma.apiKey.findMany({ where: { bankId: bank.id }, orderBy: { createdAt: 'asc' } });
    return rows.map(describeKey);
  }

  /** Idempotent: a revoked key keeps its first revocation time. */
  async revoke(actor: AdminActor, bankCode: string, keyId: string) {
    const bank = await this.banks.find(bankCode);
    if (!isUuid(keyId)) throw new ApiKeyNotFoundError();
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.apiKey.findFirst({ where: { id: keyId, bankId: bank.id } });
      if (!before) throw new ApiKeyNotFoundError();
      const after = before.revokedAt ? before : await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, actor, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: keyId,
        before: { bank: bank.code, ...describeKey(before) },
        after: { bank: bank.code, ...describeKey(after) },
      });
      return describeKey(after);
    });
  }
}

function describeKey(row: ApiKey) {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
