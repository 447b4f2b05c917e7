import { Bank, OperationLimit } from '@app/prisma-client';
import { previousSecretInForce } from '../../bank-gateway/webhook-secrets';

/** What the admin surface shows of a bank (and what the audit trail records): never its secrets. */
export function describeBank(bank: Bank, now = new Date()) {
  return {
    id: bank.id,
    code: bank.code,
    name: bank.name,
    spreadBps: bank.spreadBps,
    slippageToleranceBps: bank.slippageToleranceBps,
    callbackUrl: bank.callbackUrl,
    webhookUrl: bank.webhookUrl,
    hasWebhookSecret: bank.webhookSecret !== null,
    /** Until when the secret before the last rotation still signs (null: no overlap running). */
    previousWebhookSecretUntil: previousSecretInForce(bank, now) ? (bank.webhookSecretPreviousUntil?.toISOString() ?? null) : null,
    suspendedAt: bank.suspendedAt?.toISOString() ?? null,
    createdAt: bank.createdAt.toISOString(),
  };
}

export type BankView = ReturnType<typeof describeBank>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from a path or a command line, checked before it reaches a uuid column (which would fail as a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The AZN limits of one KYC level and operation, as the admin surface shows them: strings with 2 decimals, null for none. */
export function describeLimit(row: OperationLimit) {
  return {
    level: row.kycLevel,
    operation: row.operation,
    perOperation: row.perOperation?.toFixed(2) ?? null,
    per24Hours: row.per24Hours?.toFixed(2) ?? null,
  };
}

export type LimitView = ReturnType<typeof describeLimit>;
