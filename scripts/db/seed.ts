/**
 * `npm run db:seed`: the demo bank (its API key from DEMO_BANK_API_KEY, see .env.example)
 * and the system omnibus accounts (AZN and USDT). Safe to run again.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { ensureBank, ensureOmnibus } from './seed-data';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const apiKey = process.env.DEMO_BANK_API_KEY;
  const missing = [!url && 'DATABASE_URL', !apiKey && 'DEMO_BANK_API_KEY'].filter(Boolean);
  if (missing.length) {
    process.stderr.write(`db:seed: not set: ${missing.join(', ')} (see .env.example)\n`);
    process.exit(2);
  }
  const subAccounts = Number(process.env.OMNIBUS_SUBACCOUNTS ?? '1');
  if (!Number.isInteger(subAccounts) || subAccounts < 1 || subAccounts > 64) {
    process.stderr.write('db:seed: OMNIBUS_SUBACCOUNTS must be a whole number from 1 to 64\n');
    process.exit(2);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url as string }) });
  try {
    await ensureOmnibus(prisma, subAccounts);
    await ensureBank(prisma, {
      code: process.env.DEMO_BANK_CODE ?? 'demo-bank',
      name: process.env.DEMO_BANK_NAME ?? 'Demo Bank',
      apiKey: apiKey as string,
    });
    process.stdout.write(`db:seed: demo bank and omnibus accounts (${subAccounts} per currency) are in place\n`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`db:seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
