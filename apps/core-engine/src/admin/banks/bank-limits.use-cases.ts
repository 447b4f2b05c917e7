import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { TransactionType } from '@app/prisma-client';
import { BankNotFoundError, ValidationError } from '../../errors';
import { Decimal } from '../../money';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';
import { describeLimit, LimitView } from './bank-view';
import { BanksUseCases } from './banks.use-cases';

/** One KYC level's limits of one operation, in AZN: validated decimal strings (SetLimitDto), null for no limit of that kind. */
export interface LimitAmounts {
  perOperation: string | null;
  per24Hours: string | null;
}

/**
 * A bank's KYC limits (OperationLimit rows: per level and operation, docs/limits.md). The
 * Core Engine reads them in each operation's phase 1 without a cache, so a change applies to
 * every operation whose phase 1 starts after it commits; one already past phase 1 keeps the
 * check it passed.
 */
@Injectable()
export class BankLimitsUseCases {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditTrail,
    private readonly banks: BanksUseCases,
  ) {}

  /** By level, then operation (BUY, SELL, DEPOSIT, WITHDRAWAL). Empty: only MAX_OPERATION_AMOUNT_AZN limits its customers. */
  async list(bankCode: string): Promise<LimitView[]> {
    const bank = await this.banks.find(bankCode);
    const rows = await this.prisma.operationLimit.findMany({ where: { bankId: bank.id }, orderBy: [{ kycLevel: 'asc' }, { operation: 'asc' }] });
    return rows.map(describeLimit);
  }

  /** Creates or replaces one row; a per-operation limit above the 24-hour one is refused (it could never be used). */
  async set(actor: AdminActor, bankCode: string, level: number, operation: TransactionType, amounts: LimitAmounts): Promise<LimitView> {
    const { perOperation, per24Hours } = amounts;
    if (perOperation !== null && per24Hours !== null && new Decimal(perOperation).gt(new Decimal(per24Hours))) {
      throw new ValidationError(`perOperation (${perOperation}) must not be more than per24Hours (${per24Hours})`);
    }
    // The row, its before and its audit entry are one transaction; the bank's row lock orders
    // two operators' changes of its limits (FOR NO KEY UPDATE: its customers' new rows, which
    // only take a key share on it, do not wait).
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Bank" WHERE code = ${bankCode} FOR NO KEY UPDATE`;
      if (locked.length === 0) throw new BankNotFoundError();
      const bankId = locked[0].id;
      const key = { bankId_kycLevel_operation: { bankId, kycLevel: level, operation } };
      const before = await tx.operationLimit.findUnique({ where: key });
      const after = await tx.operationLimit.upsert({
        where: key,
        create: { bankId, kycLevel: level, operation, perOperation, per24Hours },
        update: { perOperation, per24Hours },
      });
      await this.audit.record(tx, actor, {
        action: 'bank.limit.set',
        targetType: 'bank',
        targetId: bankId,
        before: before && describeLimit(before),
        after: describeLimit(after),
      });
      return describeLimit(after);
    });
  }
}
