import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { LatencyRecorder, LatencySummary, round } from './latency';
import type { Seeded } from './database';

/**
 * Baseline (a): the database's own limit for the writes of a buy. The same rows a buy
 * writes, in the same lock order (user accounts, then the omnibus rows), but each of the
 * two transactions is one call of a SQL function: one round trip, no ORM, no HTTP, no
 * exchange. The functions live in the bench database only, never in the migrations.
 */
const FUNCTIONS = `
CREATE OR REPLACE FUNCTION bench_hold(
  p_bank uuid, p_user uuid, p_account uuid, p_key text, p_hash text,
  p_amount numeric, p_out numeric, p_rate numeric, p_price numeric, p_spread int
) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE v_id uuid := gen_random_uuid();
BEGIN
  -- Phase 1: the key (Transaction PENDING), the reservation and its hold, atomically.
  INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status,
                             "currencyIn", "currencyOut", "amountIn", "amountOut", "exchangeRate", "marketPrice", "spreadBps")
  VALUES (v_id, p_bank, p_key, p_hash, p_user, 'BUY', 'PENDING', 'AZN', 'USDT', p_amount, p_out, p_rate, p_price, p_spread);
  UPDATE "Account"
     SET "lockedBalance" = "lockedBalance" + p_amount, version = version + 1, "updatedAt" = now()
   WHERE id = p_account AND balance - "lockedBalance" >= p_amount;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insufficient funds on %', p_account USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO "Hold" (id, "accountId", "transactionId", amount) VALUES (gen_random_uuid(), p_account, v_id, p_amount);
  RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION bench_post(
  p_tx uuid, p_user_azn uuid, p_user_usdt uuid, p_omnibus_azn uuid, p_omnibus_usdt uuid,
  p_amount numeric, p_crypto numeric, p_fee numeric, p_price numeric, p_order text,
  p_answer text, p_bank uuid, p_event text
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_released numeric;
  b_user_azn numeric; b_user_usdt numeric; b_omnibus_azn numeric; b_omnibus_usdt numeric;
BEGIN
  -- Phase 3: the hold posted, the transaction COMPLETED with its answer, the four balances
  -- (user rows first, the hot omnibus rows last: locked for the shortest time), the four rows.
  UPDATE "Hold" SET status = 'POSTED', "resolvedAt" = now()
   WHERE "transactionId" = p_tx AND status = 'PENDING' RETURNING amount INTO v_released;
  IF v_released IS NULL THEN RAISE EXCEPTION 'no pending hold for %', p_tx; END IF;
  UPDATE "Transaction"
     SET status = 'COMPLETED', "feeAmount" = p_fee, "executedPrice" = p_price, "exchangeOrderId" = p_order,
         "responseStatus" = 201, "responseBody" = p_answer, "completedAt" = now(), "updatedAt" = now()
   WHERE id = p_tx AND status = 'PENDING';
  IF NOT FOUND THEN RAISE EXCEPTION 'transaction % is not pending', p_tx; END IF;
  UPDATE "Account" SET balance = balance - p_amount, "lockedBalance" = "lockedBalance" - v_released,
                       version = version + 1, "updatedAt" = now()
   WHERE id = p_user_azn RETURNING balance INTO b_user_azn;
  UPDATE "Account" SET balance = balance + p_crypto, version = version + 1, "updatedAt" = now()
   WHERE id = p_user_usdt RETURNING balance INTO b_user_usdt;
  UPDATE "Account" SET balance = balance + p_amount, version = version + 1, "updatedAt" = now()
   WHERE id = p_omnibus_azn RETURNING balance INTO b_omnibus_azn;
  UPDATE "Account" SET balance = balance - p_crypto, version = version + 1, "updatedAt" = now()
   WHERE id = p_omnibus_usdt RETURNING balance INTO b_omnibus_usdt;
  INSERT INTO "Ledger" ("transactionId", "accountId", currency, amount, "balanceAfter") VALUES
    (p_tx, p_user_azn, 'AZN', -p_amount, b_user_azn),
    (p_tx, p_omnibus_azn, 'AZN', p_amount, b_omnibus_azn),
    (p_tx, p_omnibus_usdt, 'USDT', -p_crypto, b_omnibus_usdt),
    (p_tx, p_user_usdt, 'USDT', p_crypto, b_user_usdt);
  IF p_event IS NOT NULL THEN
    INSERT INTO "OutboxEvent" (id, "bankId", type, payload, "transactionId")
    VALUES (gen_random_uuid(), p_bank, 'trade.completed', p_event, p_tx);
  END IF;
END $$;`;

export async function installRawFunctions(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(FUNCTIONS);
  } finally {
    await client.end();
  }
}

export interface RawResult {
  concurrency: number;
  seconds: number;
  trades: number;
  perSecond: number;
  /** Both round trips of a trade. */
  latency: LatencySummary;
  errors: number;
  firstError?: string;
}

/** The sub-account a transaction's rows go to: the Core Engine's rule (last 8 hex digits of its id). */
export function subAccountFor(transactionId: string, subs: number): number {
  return parseInt(transactionId.replace(/-/g, '').slice(-8), 16) % subs;
}

/**
 * `concurrency` connections, each running trades back to back for `seconds`: the hold
 * function, then the posting function, one round trip each. Users go round-robin.
 */
export async function runRaw(
  url: string,
  seeded: Seeded,
  concurrency: number,
  seconds: number,
  amount: string,
  withEvent: boolean,
  /** Called with the connections' backend pids once all are open, and again (no argument) when
   *  the load ends, before they close: a backend's CPU can only be read while it lives. */
  watch: { started(backendPids: number[]): void; finished(): void } = { started: () => undefined, finished: () => undefined },
): Promise<RawResult> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid));
  watch.started(pids);
  // Figures of a 1.70-ish market, the shape of a real buy; the database does not check them.
  const crypto = (Number(amount) / 1.7256).toFixed(2);
  const fee = (Number(amount) - Number(crypto) * 1.7).toFixed(8);
  const answer = (tx: string) =>
    JSON.stringify({
      success: true,
      data: { transactionId: tx, status: 'COMPLETED', cryptoAmount: crypto, cryptoCurrency: 'USDT', exchangeRate: '1.7256' },
    });
  const latency = new LatencyRecorder();
  let next = 0;
  let trades = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;

  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < deadline) {
        const user = seeded.users[next++ % seeded.users.length];
        const t0 = process.hrtime.bigint();
        try {
          const held = await client.query<{ id: string }>('SELECT bench_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)::text AS id', [
            seeded.bankId,
            user.userId,
            user.aznAccountId,
            randomUUID(),
            'bench-raw',
            amount,
            crypto,
            '1.7256',
            '1.7001',
            150,
          ]);
          const tx = held.rows[0].id;
          const sub = subAccountFor(tx, seeded.omnibus.AZN.length);
          const event = withEvent ? JSON.stringify({ eventId: randomUUID(), type: 'trade.completed', data: { transactionId: tx } }) : null;
          await client.query('SELECT bench_post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [
            tx,
            user.aznAccountId,
            user.usdtAccountId,
            seeded.omnibus.AZN[sub],
            seeded.omnibus.USDT[sub],
            amount,
            crypto,
            fee,
            '1.7001',
            `raw_${tx}`,
            answer(tx),
            seeded.bankId,
            event,
          ]);
          trades++;
          latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  watch.finished();
  await Promise.all(clients.map((c) => c.end()));
  return {
    concurrency,
    seconds: round(elapsed, 2),
    trades,
    perSecond: round(trades / elapsed, 0),
    latency: latency.summary(),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}
