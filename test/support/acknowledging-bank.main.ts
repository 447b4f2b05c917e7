// `tsx test/support/acknowledging-bank.main.ts`: the AcknowledgingBank as a process of its own
// (ACK_BANK_PORT, ACK_BANK_SECRET), so a fault suite can stop or kill the bank for real.
import { AcknowledgingBank } from './acknowledging-bank';

async function main(): Promise<void> {
  const bank = await AcknowledgingBank.start(process.env.ACK_BANK_SECRET ?? '', Number(process.env.ACK_BANK_PORT ?? '0'));
  process.stdout.write(`acknowledging bank at ${bank.url}\n`);
  process.once('SIGTERM', () => void bank.close().then(() => process.exit(0)));
}

void main();
