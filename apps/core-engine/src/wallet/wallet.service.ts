import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Currency, HoldStatus, Prisma } from '@app/prisma-client';
import { InsufficientFundsError } from '../errors';
import { Decimal, DB_SCALE } from '../money';
import { AccountRef } from './account-ref';
import { settlementKey } from './system-accounts';

type Tx = Prisma.TransactionClient;

export interface UserWallet {
  userId: string;
  bankCustomerId: string;
  accounts: Record<Currency, AccountRef>;
}

/** A user account changed under us between read and write (its version moved). */
export class OptimisticLockError extends Error {
  constructor(accountId: string) {
    super(`account ${accountId} changed concurrently`);
  }
}

const CURRENCIES: Currency[] = [Currency.AZN, Currency.USDT];

/**
 * Accounts, balances and holds. A hold is the first phase of a two-phase transfer: it
 * reserves funds (lockedBalance grows) so that a trade in flight cannot be spent twice;
 * it is later posted (the ledger rows consume it) or voided (the reservation is released).
 */
@Injectable()
export class WalletService {
  private readonly logger = new Logger(WalletService.name);
  private omnibus: Map<Currency, AccountRef[]> | null = null;
  private readonly settlements = new Map<string, AccountRef>();

  constructor(private readonly prisma: PrismaService) {}

  async findUser(bankId: string, bankCustomerId: string, tx: Tx | PrismaService = this.prisma): Promise<UserWallet | null> {
    const user = await tx.user.findUnique({
      where: { bankId_bankCustomerId: { bankId, bankCustomerId } },
      include: { accounts: { select: { id: true, kind: true, currency: true } } },
    });
    if (!user) return null;
    return toWallet(user.id, user.bankCustomerId, user.accounts);
  }

  /** The user and its AZN and USDT accounts, created when missing (safe under concurrency). */
  async ensureUser(tx: Tx, bankId: string, bankCustomerId: string): Promise<UserWallet> {
    await tx.user.createMany({ data: [{ bankId, bankCustomerId }], skipDuplicates: true });
    const user = await tx.user.findUniqueOrThrow({ where: { bankId_bankCustomerId: { bankId, bankCustomerId } } });
    await tx.account.createMany({
      data: CURRENCIES.map((currency) => ({ userId: user.id, currency, kind: AccountKind.USER })),
      skipDuplicates: true,
    });
    const accounts = await tx.account.findMany({ where: { userId: user.id }, select: { id: true, kind: true, currency: true } });
    return toWallet(user.id, user.bankCustomerId, accounts);
  }

  async balances(userId: string) {
    const rows = await this.prisma.account.findMany({ where: { userId }, orderBy: { currency: 'asc' } });
    return rows.map((a) => {
      const balance = new Decimal(a.balance.toString());
      const locked = new Decimal(a.lockedBalance.toString());
      return { currency: a.currency, balance, lockedBalance: locked, available: balance.minus(locked) };
    });
  }

  /**
   * Reserves `amount` on a user account for a transaction: one conditional UPDATE, so two
   * trades racing for the same funds cannot both get them (available = balance - locked).
   */
  async placeHold(tx: Tx, account: AccountRef, transactionId: string, amount: Decimal): Promise<void> {
    const value = amount.toFixed(DB_SCALE);
    const changed = await tx.$executeRaw`
      UPDATE "Account"
         SET "lockedBalance" = "lockedBalance" + ${value}::numeric,
             "version" = "version" + 1,
             "updatedAt" = now()
       WHERE "id" = ${account.id}::uuid
         AND "balance" - "lockedBalance" >= ${value}::numeric`;
    if (changed !== 1) throw new InsufficientFundsError(account.currency);
    await tx.hold.create({ data: { accountId: account.id, transactionId, amount: value } });
  }

  /** Releases every pending hold of a transaction (the trade failed: nothing moves). */
  async voidHolds(tx: Tx, transactionId: string): Promise<void> {
    const holds = await tx.hold.findMany({ where: { transactionId, status: HoldStatus.PENDING } });
    for (const hold of holds) {
      await tx.$executeRaw`
        UPDATE "Account"
           SET "lockedBalance" = "lockedBalance" - ${hold.amount.toString()}::numeric,
               "version" = "version" + 1,
               "updatedAt" = now()
         WHERE "id" = ${hold.accountId}::uuid`;
    }
    await tx.hold.updateMany({
      where: { transactionId, status: HoldStatus.PENDING },
      data: { status: HoldStatus.VOIDED, resolvedAt: new Date() },
    });
  }

  /** Marks a transaction's pending holds posted; the posting itself released the locked funds. */
  async markHoldsPosted(tx: Tx, transactionId: string): Promise<Map<string, Decimal>> {
    const holds = await tx.hold.findMany({ where: { transactionId, status: HoldStatus.PENDING } });
    await tx.hold.updateMany({
      where: { transactionId, status: HoldStatus.PENDING },
      data: { status: HoldStatus.POSTED, resolvedAt: new Date() },
    });
    return new Map(holds.map((h) => [h.accountId, new Decimal(h.amount.toString())]));
  }

  /**
   * Changes a user account by `delta` and releases `released` of its locked funds, checked
   * against the version read (optimistic locking): a concurrent change makes this throw
   * OptimisticLockError and the caller retries its whole transaction.
   */
  async changeUserAccount(tx: Tx, accountId: string, delta: Decimal, released: Decimal): Promise<Decimal> {
    const current = await tx.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { balance: true, lockedBalance: true, version: true },
    });
    const balance = new Decimal(current.balance.toString()).plus(delta);
    const locked = new Decimal(current.lockedBalance.toString()).minus(released);
    if (balance.isNegative() || locked.isNegative() || balance.lt(locked)) {
      // The hold guaranteed the funds; getting here means the books disagree with the hold.
      throw new Error(`posting would leave account ${accountId} at ${balance.toFixed()} (locked ${locked.toFixed()})`);
    }
    const { count } = await tx.account.updateMany({
      where: { id: accountId, version: current.version },
      data: { balance: balance.toFixed(DB_SCALE), lockedBalance: locked.toFixed(DB_SCALE), version: { increment: 1 } },
    });
    if (count !== 1) throw new OptimisticLockError(accountId);
    return balance;
  }

  /**
   * Changes a system account with an atomic increment: its row lock is taken here and held
   * only until the surrounding (short) transaction commits; no read-check-retry loop.
   */
  async changeSystemAccount(tx: Tx, accountId: string, delta: Decimal): Promise<Decimal> {
    const updated = await tx.account.update({
      where: { id: accountId },
      data: { balance: { increment: delta.toFixed(DB_SCALE) }, version: { increment: 1 } },
      select: { balance: true },
    });
    return new Decimal(updated.balance.toString());
  }

  /**
   * The omnibus (sub-)account of a currency for a transaction. An omnibus may be split into
   * sub-accounts whose sum is its balance; a transaction's rows go to one of them, chosen by
   * its id, so concurrent trades spread over several row locks.
   */
  async omnibusFor(currency: Currency, transactionId: string): Promise<AccountRef> {
    if (!this.omnibus?.get(currency)?.length) this.omnibus = await this.loadOmnibus();
    const subs = this.omnibus.get(currency);
    if (!subs?.length) throw new Error(`no omnibus account for ${currency}: run npm run db:seed`);
    return subs[parseInt(transactionId.replace(/-/g, '').slice(-8), 16) % subs.length];
  }

  /**
   * The bank's settlement account in a currency, created on first use. Created outside any
   * caller's transaction (an empty account is harmless), so the cached id always exists.
   */
  async settlementFor(bankId: string, currency: Currency): Promise<AccountRef> {
    const key = settlementKey(bankId, currency);
    const cached = this.settlements.get(key);
    if (cached) return cached;
    await this.prisma.account.createMany({
      data: [{ kind: AccountKind.BANK_SETTLEMENT, bankId, currency, systemKey: key }],
      skipDuplicates: true,
    });
    const account = await this.prisma.account.findUniqueOrThrow({ where: { systemKey: key }, select: { id: true, kind: true, currency: true } });
    this.settlements.set(key, account);
    return account;
  }

  private async loadOmnibus(): Promise<Map<Currency, AccountRef[]>> {
    const rows = await this.prisma.account.findMany({
      where: { kind: AccountKind.OMNIBUS },
      orderBy: [{ currency: 'asc' }, { subAccount: 'asc' }],
      select: { id: true, kind: true, currency: true },
    });
    const map = new Map<Currency, AccountRef[]>();
    for (const r of rows) {
      map.set(r.currency, [...(map.get(r.currency) ?? []), { id: r.id, kind: r.kind, currency: r.currency }]);
    }
    this.logger.log(`omnibus sub-accounts: ${[...map].map(([c, a]) => `${c}=${a.length}`).join(', ')}`);
    return map;
  }
}

function toWallet(userId: string, bankCustomerId: string, accounts: AccountRef[]): UserWallet {
  const byCurrency = Object.fromEntries(accounts.map((a) => [a.currency, a])) as Record<Currency, AccountRef>;
  return { userId, bankCustomerId, accounts: byCurrency };
}
