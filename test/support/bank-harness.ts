import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_PATH } from '@app/shared-types';
import { generateApiKey } from '../../apps/core-engine/src/auth/api-key-hash';
import { startTestBank, TestBank as MockBank } from '../../apps/mock-bank/test/support/mock-bank-test-app';
import { ensureBank } from '../../scripts/db/seed-data';
import { CoreHarness, TestBank as CoreBankRow } from './core-harness';

/**
 * The three apps wired as in production, in one process: a Core Engine (with its real Mock
 * Exchange) listening on a loopback port, and a real Mock Bank that calls it with its API
 * key and that the core calls back for acknowledgements and webhooks. The core's Bank row
 * points at the Mock Bank (callbackUrl, webhookUrl, webhookSecret), as the seed does.
 */
export class BankHarness {
  private constructor(
    readonly core: CoreHarness,
    readonly coreUrl: string,
    readonly bank: MockBank,
    /** The Mock Bank as the core knows it. */
    readonly bankRow: CoreBankRow,
    readonly webhookSecret: string,
  ) {}

  static async start(coreSettings: Parameters<typeof CoreHarness.start>[0] = {}): Promise<BankHarness> {
    const core = await CoreHarness.start(coreSettings);
    await core.app.listen(0, '127.0.0.1');
    const coreUrl = `http://127.0.0.1:${((core.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    await core.exchange.reset({ mid: '1.7000' });

    const apiKey = generateApiKey();
    const webhookSecret = `whsec_${randomUUID()}`;
    const bank = await startTestBank({
      CORE_ENGINE_URL: coreUrl,
      MOCK_BANK_CORE_API_KEY: apiKey,
      MOCK_BANK_WEBHOOK_SECRET: webhookSecret,
    });
    const code = `mock-bank-${randomUUID()}`;
    const id = await ensureBank(core.prisma, {
      code,
      name: 'Mock Bank (tests)',
      apiKey,
      callbackUrl: bank.url,
      webhookUrl: `${bank.url}${WEBHOOK_PATH}`,
      webhookSecret,
    });
    return new BankHarness(core, coreUrl, bank, { id, code, apiKey }, webhookSecret);
  }

  async stop(): Promise<void> {
    // The bank first: the core's dispatcher may be delivering to it, and stops promptly anyway.
    await this.bank.close();
    await this.core.stop();
  }

  outboxEventsOf(transactionId: string) {
    return this.core.prisma.outboxEvent.findMany({ where: { transactionId }, orderBy: { createdAt: 'asc' } });
  }
}

/** Polls `probe` until `done` holds; fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
