/**
 * `npm run db:seed`: the demo bank with its default KYC limits (DEFAULT_OPERATION_LIMITS,
 * apps/core-engine/src/limits/default-limits.ts, as the admin surface gives every bank it
 * creates) and the system omnibus accounts (AZN and USDT). Safe to run again. The demo bank
 * is the Mock Bank: its API key is DEMO_BANK_API_KEY, the core asks it for acknowledgements
 * at MOCK_BANK_URL and sends its webhooks to MOCK_BANK_URL/core/webhooks, signed with
 * DEMO_BANK_WEBHOOK_SECRET (see .env.example).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { WEBHOOK_PATH } from '@app/shared-types';
import { PrismaClient } from '../../generated/prisma/client';
import { ensureBank, ensureLimits, ensureOmnibus } from './seed-data';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const apiKey = process.env.DEMO_BANK_API_KEY;
  const webhookSecret = process.env.DEMO_BANK_WEBHOOK_SECRET;
  const missing = [!url && 'DATABASE_URL', !apiKey && 'DEMO_BANK_API_KEY', !webhookSecret && 'DEMO_BANK_WEBHOOK_SECRET'].filter(Boolean);
  if (missing.length) {
    process.stderr.write(`db:seed: not set: ${missing.join(', ')} (see .env.example)\n`);
    process.exit(2);
  }
  const subAccounts = Number(process.env.OMNIBUS_SUBACCOUNTS ?? '1');
  if (!Number.isInteger(subAccounts) || subAccounts < 1 || subAccounts > 64) {
    process.stderr.write('db:seed: OMNIBUS_SUBACCOUNTS must be a whole number from 1 to 64\n');
    process.exit(2);
  }
  const bankUrl = (process.env.MOCK_BANK_URL ?? `http://127.0.0.1:${process.env.MOCK_BANK_PORT ?? '3002'}`).replace(/\/$/, '');
  if (!/^https?:\/\/\S+$/.test(bankUrl)) {
    process.stderr.write(`db:seed: MOCK_BANK_URL must be an http(s) URL (got ${JSON.stringify(bankUrl)})\n`);
    process.exit(2);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url as string }) });
  try {
    await ensureOmnibus(prisma, subAccounts);
    const bankId = await ensureBank(prisma, {
      code: process.env.DEMO_BANK_CODE ?? 'demo-bank',
      name: process.env.DEMO_BANK_NAME ?? 'Demo Bank',
      apiKey: apiKey as string,
      callbackUrl: bankUrl,
      webhookUrl: `${bankUrl}${WEBHOOK_PATH}`,
      webhookSecret: webhookSecret,
    });
    await ensureLimits(prisma, bankId);
    process.stdout.write(
      `db:seed: demo bank (acknowledgements at ${bankUrl}, webhooks to ${bankUrl}${WEBHOOK_PATH}) ` +
        `with its default KYC limits, and omnibus accounts (${subAccounts} per currency) are in place\n`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`db:seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
