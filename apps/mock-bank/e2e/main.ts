/**
 * `npm run e2e:bank`: the end-to-end story against running services (see run-e2e.ts).
 * MOCK_BANK_URL (default http://127.0.0.1:<MOCK_BANK_PORT or 3002>) and CORE_ENGINE_URL
 * (default http://127.0.0.1:3000) say where they are; MOCK_EXCHANGE_ADMIN_KEY (and MOCK_EXCHANGE_URL,
 * default http://127.0.0.1:3001) adds the limit order step. Exits 1 on any surprise.
 */
import { E2eSurprise, runE2e } from './run-e2e';

const env = process.env;
const bankUrl = env.MOCK_BANK_URL ?? `http://127.0.0.1:${env.MOCK_BANK_PORT ?? '3002'}`;
const coreUrl = env.CORE_ENGINE_URL ?? 'http://127.0.0.1:3000';
const say = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

// With the Mock Exchange's admin key, step 9 places a limit order and moves the price across it.
const exchangeAdmin = env.MOCK_EXCHANGE_ADMIN_KEY
  ? { url: env.MOCK_EXCHANGE_URL ?? 'http://127.0.0.1:3001', key: env.MOCK_EXCHANGE_ADMIN_KEY }
  : undefined;

runE2e({ bankUrl, coreUrl, exchangeAdmin }, say).then(
  (result) => {
    say(
      `OK: buy ${result.transactionId} COMPLETED (${result.cryptoAmount} USDT at ${result.exchangeRate}), 4 ledger rows, webhook ${result.webhook.eventId} received`,
    );
  },
  (err: unknown) => {
    const kind = err instanceof E2eSurprise ? 'SURPRISE' : 'FAILED';
    process.stderr.write(`[e2e] ${kind}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
