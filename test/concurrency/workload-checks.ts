import { Decimal } from 'decimal.js';
import { Client } from 'pg';
import { failedChecks, formatReport, verifyLedger } from '../../scripts/ledger/verify-ledger';
import { Answer, WorkloadBank, WorkloadReport } from './workload';

/**
 * What a workload run must leave behind, checked from its answers and from the database:
 * each idempotency key executed once, every answer a documented one and the same for every
 * send of a key, every customer's balances what its completed transactions imply, nothing
 * PENDING, the books whole (the ledger verifier, with the exchange asked about every trade).
 */
export interface CheckContext {
  databaseUrl: string;
  exchangeUrl: string;
  /** A Core Engine to read balances from. */
  coreUrl: string;
  banks: WorkloadBank[];
  /**
   * A 5xx (or no answer) the run expects and explains, such as the in-flight requests of a
   * replica killed on purpose: counted in `excused`, not flagged. Its key is still checked.
   */
  excuse?: (a: Answer) => boolean;
}

export type CheckName =
  | 'no 5xx'
  | 'documented answers only'
  | 'each key executed once'
  | 'same answer for every send of a key'
  | 'balances follow the completed transactions'
  | 'nothing left PENDING'
  | 'ledger verifier'
  | 'failed trades left nothing at the exchange';

export interface Violation {
  check: CheckName;
  detail: string;
}

export interface CheckSummary {
  violations: Violation[];
  /** Transactions of the run's banks by type and final status, e.g. "BUY COMPLETED": 512. */
  transactions: Record<string, number>;
  /** Keys (per bank) sent by the run, and how many of them hold exactly one Transaction. */
  keys: number;
  executedKeys: number;
  /** Keys whose sends got a 409 IDEMPOTENCY_IN_PROGRESS (all of them same-moment groups). */
  keysWithInProgress: number;
  usersChecked: number;
  /** 5xx answers (or none) that CheckContext.excuse explained. */
  excused: number;
  /** 404 USER_NOT_FOUND answers for users whose opening deposit failed (a consequence of that failure, not counted again). */
  notOpened: number;
  /** Keys answered 202 (a trade left PENDING), by the final status of their transaction. */
  accepted: Record<string, number>;
  ledger: string;
}

type Row = {
  id: string;
  bankId: string;
  idempotencyKey: string;
  type: 'BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL';
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  bankCustomerId: string;
  amountIn: string;
  amountOut: string;
  responseStatus: number | null;
  responseBody: string | null;
};

/** The documented answers of a buy, sell or deposit under this load (no faults injected). */
function documented(a: Answer): boolean {
  if (a.status === 201) return true;
  // 202: the exchange's answer did not arrive in EXCHANGE_TIMEOUT_MS (a trade left for reconciliation).
  if (a.status === 202) return a.kind === 'buy' || a.kind === 'sell';
  if (a.status === 409) return a.errorCode === 'IDEMPOTENCY_IN_PROGRESS';
  if (a.status === 422) return a.errorCode === 'INSUFFICIENT_FUNDS' && a.kind !== 'deposit';
  return false;
}

const show = (a: Answer) =>
  `${a.kind} key ${a.key} (bank ${a.bankId.slice(0, 8)}, ${a.bankUserId}, ${a.mode} to process #${a.core}): ` +
  `${a.status === 0 ? `no answer (${a.transportError})` : `${a.status} ${a.text.slice(0, 300)}`}`;

/** Waits until no transaction of `bankIds` is PENDING (the reconcilers settle what is left); returns how many still are. */
export async function waitForSettled(databaseUrl: string, bankIds: string[], timeoutMs: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Transaction" WHERE status = 'PENDING' AND "bankId" = ANY($1::uuid[])`,
        [bankIds],
      );
      const pending = Number(rows[0].n);
      if (pending === 0 || Date.now() > deadline) return pending;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await client.end();
  }
}

export async function checkWorkload(report: WorkloadReport, ctx: CheckContext): Promise<CheckSummary> {
  const violations: Violation[] = [];
  const flag = (check: CheckName, detail: string) => violations.push({ check, detail });
  const bankIds = ctx.banks.map((b) => b.id);

  // A user whose opening deposit was not given (a 5xx, already flagged) does not exist: its trades answer 404.
  const opened = new Set(
    report.answers.filter((a) => report.operations[a.op].phase === 'opening' && a.status === 201).map((a) => `${a.bankId}/${a.bankUserId}`),
  );
  let notOpened = 0;
  let excused = 0;
  for (const a of report.answers) {
    if ((a.status >= 500 || a.status === 0) && ctx.excuse?.(a)) excused++;
    else if (a.status >= 500 || a.status === 0) flag('no 5xx', show(a));
    else if (a.status === 404 && a.errorCode === 'USER_NOT_FOUND' && !opened.has(`${a.bankId}/${a.bankUserId}`)) notOpened++;
    else if (!documented(a)) flag('documented answers only', show(a));
  }

  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  let rows: Row[];
  let balances: { bankId: string; bankCustomerId: string; currency: 'AZN' | 'USDT'; balance: string; lockedBalance: string }[];
  let pendingHolds: number;
  try {
    rows = (
      await client.query<Row>(
        `SELECT t.id, t."bankId", t."idempotencyKey", t.type, t.status, u."bankCustomerId",
                t."amountIn"::text AS "amountIn", t."amountOut"::text AS "amountOut", t."responseStatus", t."responseBody"
           FROM "Transaction" t JOIN "User" u ON u.id = t."userId"
          WHERE t."bankId" = ANY($1::uuid[])`,
        [bankIds],
      )
    ).rows;
    balances = (
      await client.query(
        `SELECT u."bankId", u."bankCustomerId", a.currency, a.balance::text AS balance, a."lockedBalance"::text AS "lockedBalance"
           FROM "Account" a JOIN "User" u ON u.id = a."userId" WHERE u."bankId" = ANY($1::uuid[])`,
        [bankIds],
      )
    ).rows;
    pendingHolds = Number(
      (
        await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Hold" h JOIN "Transaction" t ON t.id = h."transactionId"
            WHERE h.status = 'PENDING' AND t."bankId" = ANY($1::uuid[])`,
          [bankIds],
        )
      ).rows[0].n,
    );
  } finally {
    await client.end();
  }

  const transactions: Record<string, number> = {};
  for (const r of rows) transactions[`${r.type} ${r.status}`] = (transactions[`${r.type} ${r.status}`] ?? 0) + 1;
  const pending = rows.filter((r) => r.status === 'PENDING');
  if (pending.length)
    flag(
      'nothing left PENDING',
      `${pending.length} PENDING: ${pending
        .slice(0, 10)
        .map((r) => `${r.type} ${r.id}`)
        .join(', ')}`,
    );
  if (pendingHolds) flag('nothing left PENDING', `${pendingHolds} holds still PENDING`);

  // Each key: at most one Transaction (per bank), and every send told the same story.
  const rowsByKey = new Map<string, Row[]>();
  for (const r of rows) rowsByKey.set(`${r.bankId}/${r.idempotencyKey}`, [...(rowsByKey.get(`${r.bankId}/${r.idempotencyKey}`) ?? []), r]);
  const answersByKey = new Map<string, Answer[]>();
  for (const a of report.answers) answersByKey.set(`${a.bankId}/${a.key}`, [...(answersByKey.get(`${a.bankId}/${a.key}`) ?? []), a]);
  let keysWithInProgress = 0;
  let executedKeys = 0;
  const told = new Set<string>();

  for (const [key, sends] of answersByKey) {
    const executed = rowsByKey.get(key) ?? [];
    if (executed.length > 1) flag('each key executed once', `${key}: ${executed.length} transactions ${executed.map((r) => r.id).join(', ')}`);
    const row = executed[0];
    const given = sends.filter((a) => a.status === 201 || a.status === 202);
    if (sends.some((a) => a.status === 409)) keysWithInProgress++;
    if (given.length && !row) flag('each key executed once', `${key}: answered ${given[0].status} but no Transaction holds the key`);
    if (row && !given.length && !sends.some((a) => a.status >= 500)) {
      flag(
        'each key executed once',
        `${key}: ${row.type} ${row.id} ${row.status} exists, but its sends were answered ${sends.map((a) => a.status).join(', ')}`,
      );
    }
    if (executed.length === 1) executedKeys++;
    for (const a of given) {
      if (a.transactionId) told.add(a.transactionId);
      if (row && a.transactionId !== row.id)
        flag('each key executed once', `${show(a)}: names ${a.transactionId}, the key's transaction is ${row.id}`);
    }
    // 201s are byte-identical to each other and to the stored answer; a 202 may later become that 201 (same transaction).
    const completed = given.filter((a) => a.status === 201);
    for (const a of completed) {
      if (a.text !== completed[0].text) flag('same answer for every send of a key', `${show(a)}\n    differs from ${show(completed[0])}`);
    }
    if (row?.status === 'COMPLETED' && completed.length && (row.responseStatus !== 201 || row.responseBody !== completed[0].text)) {
      flag('same answer for every send of a key', `${key}: answered ${completed[0].text}, stored ${row.responseStatus} ${row.responseBody}`);
    }
    const accepted = given.filter((a) => a.status === 202);
    for (const a of accepted) {
      if (a.text !== accepted[0].text) flag('same answer for every send of a key', `${show(a)}\n    differs from ${show(accepted[0])}`);
    }
    // `sends` is in the order of the answers, and a later send leaves only once every earlier send of its key answered.
    sends.forEach((a, i) => {
      // 409: only while another send of the key runs (or, for a retry after a 5xx, until its outcome is stored), and only with a claimant.
      if (a.status === 409 && (a.mode === 'later' || !row)) {
        flag(
          'same answer for every send of a key',
          `${show(a)}: 409 ${a.mode === 'later' ? 'after every earlier send had answered' : 'with no transaction holding the key'}`,
        );
      }
      // 422 INSUFFICIENT_FUNDS leaves the key free, but once a send was given an outcome, every later send replays it.
      if (a.status === 422 && (a.mode === 'later' || a.mode === 'retry') && sends.slice(0, i).some((b) => b.status === 201 || b.status === 202)) {
        flag('same answer for every send of a key', `${show(a)}: 422 after the key had been given an outcome`);
      }
    });
    const retries = sends.filter((a) => a.mode === 'retry');
    const lastRetry = retries[retries.length - 1];
    if (lastRetry && (lastRetry.status === 409 || lastRetry.status >= 500 || lastRetry.status === 0)) {
      flag('same answer for every send of a key', `${show(lastRetry)}: still no outcome after ${retries.length} retries`);
    }
  }

  // Everything executed was answered to someone; nothing executed outside the run.
  for (const r of rows) {
    if (!answersByKey.has(`${r.bankId}/${r.idempotencyKey}`))
      flag('each key executed once', `transaction ${r.id} (${r.type}) has a key the run never sent`);
    else if (r.status === 'COMPLETED' && !told.has(r.id))
      flag('each key executed once', `${r.type} ${r.id} COMPLETED but no send of key ${r.idempotencyKey} was told so`);
  }

  // Balances: what the COMPLETED transactions imply, per user and currency, against the books and the API.
  const implied = new Map<string, { AZN: Decimal; USDT: Decimal }>();
  const of = (bankId: string, user: string) => {
    const k = `${bankId}/${user}`;
    if (!implied.has(k)) implied.set(k, { AZN: new Decimal(0), USDT: new Decimal(0) });
    return implied.get(k)!;
  };
  for (const op of report.operations) of(op.bank.id, op.bankUserId);
  for (const r of rows.filter((t) => t.status === 'COMPLETED')) {
    applyCompleted(of(r.bankId, r.bankCustomerId), r.type, r.amountIn, r.amountOut);
  }
  // The same from the answers alone: a client's view of what it did must add up too.
  const fromAnswers = new Map<string, { AZN: Decimal; USDT: Decimal }>();
  const seen = new Set<string>();
  for (const a of report.answers) {
    if (a.status !== 201 || !a.transactionId || seen.has(a.transactionId) || !a.data) continue;
    seen.add(a.transactionId);
    const k = `${a.bankId}/${a.bankUserId}`;
    const b = fromAnswers.get(k) ?? { AZN: new Decimal(0), USDT: new Decimal(0) };
    const d = a.data as Record<string, string>;
    const request = report.operations[a.op].body;
    if (a.kind === 'deposit') applyCompleted(b, 'DEPOSIT', d.amount, d.amount);
    if (a.kind === 'buy') applyCompleted(b, 'BUY', request.amount, d.cryptoAmount);
    if (a.kind === 'sell') applyCompleted(b, 'SELL', d.cryptoAmount, d.fiatAmount);
    if (a.kind === 'withdraw') applyCompleted(b, 'WITHDRAWAL', d.amount, d.amount);
    fromAnswers.set(k, b);
  }
  for (const r of rows.filter((t) => t.status === 'COMPLETED' && !seen.has(t.id))) {
    // Completed by reconciliation after a 202: the answer named the transaction, the books have its amounts.
    const k = `${r.bankId}/${r.bankCustomerId}`;
    const b = fromAnswers.get(k) ?? { AZN: new Decimal(0), USDT: new Decimal(0) };
    if (r.type !== 'DEPOSIT') applyCompleted(b, r.type, r.amountIn, r.amountOut);
    fromAnswers.set(k, b);
  }

  const stored = new Map(balances.map((x) => [`${x.bankId}/${x.bankCustomerId}/${x.currency}`, x]));
  const apiKeyOf = new Map(ctx.banks.map((b) => [b.id, b.apiKey]));
  let usersChecked = 0;
  for (const [k, expected] of implied) {
    const [bankId, user] = k.split('/');
    const api = await fetch(`${ctx.coreUrl}/api/v1/users/${encodeURIComponent(user)}/balances`, {
      headers: { 'x-api-key': apiKeyOf.get(bankId) ?? '' },
    });
    const body = (await api.json()) as { data?: { balances: { currency: string; balance: string; lockedBalance: string }[] } };
    usersChecked++;
    for (const currency of ['AZN', 'USDT'] as const) {
      const want = expected[currency];
      const db = stored.get(`${k}/${currency}`);
      const view = body.data?.balances.find((b) => b.currency === currency);
      const client = fromAnswers.get(k)?.[currency] ?? new Decimal(0);
      const problems: string[] = [];
      if (!db || !want.eq(db.balance)) problems.push(`account ${db?.balance ?? 'missing'}`);
      if (db && !new Decimal(db.lockedBalance).isZero()) problems.push(`locked ${db.lockedBalance}`);
      if (!view || view.balance !== want.toFixed(2) || view.lockedBalance !== '0.00')
        problems.push(`API ${api.status} ${JSON.stringify(view ?? body)}`);
      if (!client.eq(want)) problems.push(`the answers imply ${client.toFixed(2)}`);
      if (problems.length)
        flag(
          'balances follow the completed transactions',
          `${user} ${currency}: completed transactions imply ${want.toFixed(2)}; ${problems.join('; ')}`,
        );
    }
  }

  // A FAILED trade must have left no fill behind (the house would hold USDT nobody was given).
  for (const r of rows.filter((t) => t.status === 'FAILED' && (t.type === 'BUY' || t.type === 'SELL'))) {
    const res = await fetch(`${ctx.exchangeUrl}/order/${r.id}`);
    if (res.status !== 404)
      flag('failed trades left nothing at the exchange', `${r.type} ${r.id} FAILED, the exchange answers ${res.status} ${await res.text()}`);
  }

  const ledger = await verifyLedger(ctx.databaseUrl, { exchangeUrl: ctx.exchangeUrl, maxPendingAgeMs: 60_000 });
  for (const c of failedChecks(ledger)) flag('ledger verifier', `${c.check}: ${c.count} (${JSON.stringify(c.rows.slice(0, 3))})`);

  const accepted: Record<string, number> = {};
  for (const [key, sends] of answersByKey) {
    if (!sends.some((a) => a.status === 202)) continue;
    const status = rowsByKey.get(key)?.[0]?.status ?? 'no transaction';
    accepted[status] = (accepted[status] ?? 0) + 1;
  }
  return {
    violations,
    transactions,
    keys: answersByKey.size,
    executedKeys,
    keysWithInProgress,
    usersChecked,
    excused,
    notOpened,
    accepted,
    ledger: formatReport(ledger),
  };
}

export function formatChecks(summary: CheckSummary): string {
  const lines = [
    `  transactions: ${Object.entries(summary.transactions)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  keys: ${summary.keys}, of which executed (one Transaction each): ${summary.executedKeys}, the rest never claimed (refused with 422, or a 5xx before the claim)`,
    `  keys answered 409 IDEMPOTENCY_IN_PROGRESS to a same-moment send: ${summary.keysWithInProgress}; users checked: ${summary.usersChecked}`,
    `  keys answered 202 (left PENDING), by final status: ${
      Object.entries(summary.accepted)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  if (summary.excused) lines.push(`  5xx or no answer, expected and explained (e.g. a killed replica's requests in flight): ${summary.excused}`);
  if (summary.notOpened) lines.push(`  404 USER_NOT_FOUND for users whose opening deposit failed: ${summary.notOpened}`);
  if (!summary.violations.length) lines.push('  every check holds');
  const byCheck = new Map<string, string[]>();
  for (const v of summary.violations) byCheck.set(v.check, [...(byCheck.get(v.check) ?? []), v.detail]);
  for (const [check, details] of byCheck) {
    lines.push(`  VIOLATED ${check}: ${details.length}`);
    for (const d of details.slice(0, 10)) lines.push(`    - ${d}`);
  }
  return lines.join('\n');
}

/** What a COMPLETED transaction does to its customer's wallet: amountIn leaves, amountOut arrives. */
function applyCompleted(b: { AZN: Decimal; USDT: Decimal }, type: string, amountIn: Decimal.Value, amountOut: Decimal.Value): void {
  if (type === 'DEPOSIT') b.AZN = b.AZN.plus(amountIn);
  if (type === 'WITHDRAWAL') b.AZN = b.AZN.minus(amountIn);
  if (type === 'BUY') {
    b.AZN = b.AZN.minus(amountIn);
    b.USDT = b.USDT.plus(amountOut);
  }
  if (type === 'SELL') {
    b.USDT = b.USDT.minus(amountIn);
    b.AZN = b.AZN.plus(amountOut);
  }
}
