import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PrismaService } from '@app/database';
import { Bank, Prisma } from '@app/prisma-client';
import { BankCodeTakenError, BankNotFoundError } from '../../errors';
import { AdminActor, AuditTrail } from '../audit/audit-trail.service';
import { operationLimitRows } from '../../limits/default-limits';
import { describeBank, describeLimit } from './bank-view';

export interface NewBank {
  code: string;
  name: string;
  spreadBps?: number;
  slippageToleranceBps?: number;
  callbackUrl?: string | null;
  webhookUrl?: string | null;
}

export interface BankSettings {
  name?: string;
  spreadBps?: number;
  slippageToleranceBps?: number;
  callbackUrl?: string | null;
  webhookUrl?: string | null;
}

/** "whsec_" and 43 url-safe random characters (256 bits). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Bank partners: onboarding, settings, suspension. Every change and its audit entry are one
 * transaction. The banks' API reads a bank through its key's cache, so a change reaches
 * requests within API_KEY_CACHE_MS (auth/api-key.service.ts).
 */
@Injectable()
export class BanksUseCases {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The webhook secret is generated here and shown once, in this answer. The bank starts with
   * the default KYC limits (DEFAULT_OPERATION_LIMITS; docs/limits.md), written in the bank's
   * own transaction: a bank never exists without them, and its audit entry lists them.
   */
  async create(actor: AdminActor, input: NewBank) {
    const webhookSecret = generateWebhookSecret();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const bank = await tx.bank.create({
          data: {
            code: input.code,
            name: input.name,
            spreadBps: input.spreadBps,
            slippageToleranceBps: input.slippageToleranceBps,
            callbackUrl: input.callbackUrl ?? null,
            webhookUrl: input.webhookUrl ?? null,
            webhookSecret,
          },
        });
        const limits = await tx.operationLimit.createManyAndReturn({ data: operationLimitRows(bank.id) });
        await this.audit.record(tx, actor, {
          action: 'bank.create',
          targetType: 'bank',
          targetId: bank.id,
          after: { ...describeBank(bank), limits: limits.map(describeLimit) },
        });
        return { ...describeBank(bank), webhookSecret };
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new BankCodeTakenError();
      throw err;
    }
  }

  async list() {
    const banks = await this.prisma.bank.findMany({ orderBy: { code: 'asc' } });
    return banks.map((b) => describeBank(b));
  }

  async show(code: string) {
    return describeBank(await this.find(code));
  }

  async update(actor: AdminActor, code: string, settings: BankSettings) {
    return describeBank(await this.change(actor, code, 'bank.update', () => settings));
  }

  /** Idempotent: suspending a suspended bank keeps its first suspension time. */
  async suspend(actor: AdminActor, code: string) {
    return describeBank(await this.change(actor, code, 'bank.suspend', (bank) => ({ suspendedAt: bank.suspendedAt ?? new Date() })));
  }

  async resume(actor: AdminActor, code: string) {
    return describeBank(await this.change(actor, code, 'bank.resume', () => ({ suspendedAt: null })));
  }

  async find(code: string): Promise<Bank> {
    const bank = await this.prisma.bank.findUnique({ where: { code } });
    if (!bank) throw new BankNotFoundError();
    return bank;
  }

  /** Reads the bank under a row lock, applies `data`, records before and after. */
  async change(actor: AdminActor, code: string, action: string, data: (bank: Bank) => Prisma.BankUpdateInput): Promise<Bank> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Bank" WHERE code = ${code} FOR UPDATE`;
      if (locked.length === 0) throw new BankNotFoundError();
      const before = await tx.bank.findUniqueOrThrow({ where: { id: locked[0].id } });
      const after = await tx.bank.update({ where: { id: before.id }, data: data(before) });
      await this.audit.record(tx, actor, {
        action,
        targetType: 'bank',
        targetId: before.id,
        before: describeBank(before),
        after: describeBank(after),
      });
      return after;
    });
  }
}
