import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Currency, HoldStatus, Prisma } from '@app/prisma-client';
import { InsufficientFundsError, SqlState, sqlFailure } from '../errors';
import { Decimal, DB_SCALE } from '../money';
import { AccountRef } from './account-ref';
import { settlementKey } from './system-accounts';

type Tx = Prisma.TransactionClient;

export interface UserWallet {
  userId: string;
  bankCustomerId: string;
  accounts: Record<Currency, AccountRef>;
}

const CURRENCIES: Currency[] = [Currency.AZN, Currency.USDT];

/** Wallets kept in memory: 100,000 is about 40 MB at most. */
const USER_CACHE_SIZE = 100_000;

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
  private readonly users = new Map<string, UserWallet>();

  constructor(private readonly prisma: PrismaService) {}

  /**
   * The user of a bank's customer and its account ids. Once a user has both accounts this
   * never changes (users and accounts are never deleted or re-pointed), so it is cached: a
   * trade does not read it from the database (bench/README.md, change 3). Bounded: the
   * oldest entries go first.
   */
  async findUser(bankId: string, bankCustomerId: string, tx: Tx | PrismaService = this.prisma): Promise<UserWallet | null> {
    const key = `${bankId}/${bankCustomerId}`;
    const cached = this.users.get(key);
    if (cached) return cached;
    const user = await tx.user.findUnique({
      where: { bankId_bankCustomerId: { bankId, bankCustomerId } },
      include: { accounts: { select: { id: true, kind: true, currency: true } } },
    });
    if (!user) return null;
    const wallet = toWallet(user.id, user.bankCustomerId, user.accounts);
    // Only a committed, complete wallet is cached (inside a caller's transaction it may not be yet).
    if (tx === this.prisma && CURRENCIES.every((c) => wallet.accounts[c])) {
      if (this.users.size >= USER_CACHE_SIZE) this.users.delete(this.users.keys().next().value as string);
      this.users.set(key, wallet);
    }
    return wallet;
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
   * Reserves `amount` on a user account for a transaction: the database function
   * `place_hold` (one conditional UPDATE, so two trades racing for the same funds cannot
   * both get them, available = balance - locked; then the Hold row). A trade's phase 1
   * calls the same function from `open_trade`.
   */
  async placeHold(tx: Tx, account: AccountRef, transactionId: string, amount: Decimal): Promise<void> {
    try {
      await tx.$executeRaw`SELECT place_hold(${account.id}::uuid, ${transactionId}::uuid, ${amount.toFixed(DB_SCALE)}::numeric)`;
    } catch (err) {
      if (sqlFailure(err)?.code === SqlState.insufficientFunds) throw new InsufficientFundsError(account.currency);
      throw err;
    }
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
