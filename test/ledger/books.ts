import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Decimal } from '../../apps/core-engine/src/money';

/**
 * Writes ledger states straight with SQL, the way the Core Engine would (or, on purpose,
 * would not): transactions, holds, and rows whose balanceAfter follows each account's
 * balance, which it updates along.
 */
export interface Account {
  id: string;
  currency: 'AZN' | 'USDT';
}

export interface TransactionSpec {
  id?: string;
  bankId: string;
  userId: string;
  type: 'BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL';
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  amountIn: string;
  amountOut?: string;
  exchangeOrderId?: string | null;
  executedPrice?: string | null;
  quoteId?: string | null;
  /** SQL for createdAt, e.g. "now() - interval '1 hour'". */
  createdAt?: string;
}

export interface Leg {
  account: Account;
  amount: string;
  /** The row's currency when it must differ from the account's (a broken row). */
  currency?: 'AZN' | 'USDT';
  /** Writes a balanceAfter off by one (a broken row). */
  wrongBalanceAfter?: boolean;
}

export async function createBank(db: Client): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO "Bank" (id, code, name) VALUES ($1, $2, $2)`, [id, `verify-${id}`]);
  return id;
}

export async function createUser(db: Client, bankId: string): Promise<{ id: string; AZN: Account; USDT: Account }> {
  const id = randomUUID();
  await db.query(`INSERT INTO "User" (id, "bankId", "bankCustomerId") VALUES ($1, $2, $3)`, [id, bankId, `customer-${id}`]);
  const account = async (currency: 'AZN' | 'USDT'): Promise<Account> => {
    const accountId = randomUUID();
    await db.query(`INSERT INTO "Account" (id, "userId", kind, currency) VALUES ($1, $2, 'USER', $3)`, [accountId, id, currency]);
    return { id: accountId, currency };
  };
  return { id, AZN: await account('AZN'), USDT: await account('USDT') };
}

export async function createSystemAccount(
  db: Client,
  kind: 'OMNIBUS' | 'BANK_SETTLEMENT',
  currency: 'AZN' | 'USDT',
  bankId: string | null = null,
): Promise<Account> {
  const id = randomUUID();
  const key = kind === 'OMNIBUS' ? `OMNIBUS:${currency}:0` : `SETTLEMENT:${bankId}:${currency}`;
  await db.query(`INSERT INTO "Account" (id, "bankId", kind, currency, "systemKey") VALUES ($1, $2, $3, $4, $5)`, [id, bankId, kind, currency, key]);
  return { id, currency };
}

export async function createTransaction(db: Client, t: TransactionSpec): Promise<string> {
  const id = t.id ?? randomUUID();
  const [currencyIn, currencyOut] = t.type === 'BUY' ? ['AZN', 'USDT'] : t.type === 'SELL' ? ['USDT', 'AZN'] : ['AZN', 'AZN'];
  await db.query(
    `INSERT INTO "Transaction" (id, "bankId", "idempotencyKey", "requestHash", "userId", type, status, "currencyIn", "currencyOut",
                                "amountIn", "amountOut", "exchangeOrderId", "executedPrice", "quoteId", "createdAt", "completedAt")
     VALUES ($1, $2, $13, 'hash', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${t.createdAt ?? 'now()'},
             ${t.status === 'PENDING' ? 'NULL' : 'now()'})`,
    [
      id,
      t.bankId,
      t.userId,
      t.type,
      t.status,
      currencyIn,
      currencyOut,
      t.amountIn,
      t.amountOut ?? t.amountIn,
      t.exchangeOrderId ?? null,
      t.executedPrice ?? null,
      t.quoteId ?? null,
      `key-${id}`,
    ],
  );
  return id;
}

/** A hold; a PENDING one reserves its amount in the account's lockedBalance. */
export async function createHold(db: Client, transactionId: string, account: Account, amount: string, status: 'PENDING' | 'POSTED' | 'VOIDED') {
  await db.query(
    `INSERT INTO "Hold" (id, "accountId", "transactionId", amount, status, "resolvedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, ${status === 'PENDING' ? 'NULL' : 'now()'})`,
    [account.id, transactionId, amount, status],
  );
  if (status === 'PENDING') {
    await db.query(`UPDATE "Account" SET "lockedBalance" = "lockedBalance" + $2::numeric WHERE id = $1`, [account.id, amount]);
  }
}

/** Ledger rows in the order given, each carrying its account's balance after it. */
export async function post(db: Client, transactionId: string, legs: Leg[]): Promise<void> {
  for (const leg of legs) {
    const { rows } = await db.query<{ balance: string }>(
      `UPDATE "Account" SET balance = balance + $2::numeric, version = version + 1 WHERE id = $1 RETURNING balance::text`,
      [leg.account.id, leg.amount],
    );
    const after = new Decimal(rows[0].balance).plus(leg.wrongBalanceAfter ? 1 : 0);
    await db.query(`INSERT INTO "Ledger" ("transactionId", "accountId", currency, amount, "balanceAfter") VALUES ($1, $2, $3, $4, $5)`, [
      transactionId,
      leg.account.id,
      leg.currency ?? leg.account.currency,
      leg.amount,
      after.toFixed(8),
    ]);
  }
}

export async function createQuote(
  db: Client,
  q: { bankId: string; userId: string; side: 'BUY' | 'SELL'; amount: string; cryptoAmount: string; fiatAmount: string; transactionId: string | null },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Quote" (id, "bankId", "userId", side, amount, currency, "cryptoAmount", "fiatAmount", "exchangeRate", "marketPrice",
                          "spreadBps", "expiresAt", "transactionId", "usedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1.7, 1.7, 150, now() + interval '30 seconds', $9, ${q.transactionId ? 'now()' : 'NULL'})`,
    [id, q.bankId, q.userId, q.side, q.amount, q.side === 'BUY' ? 'AZN' : 'USDT', q.cryptoAmount, q.fiatAmount, q.transactionId],
  );
  return id;
}
