import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AccountKind, Currency, HoldStatus, Prisma } from '@app/prisma-client';
import { InsufficientFundsError } from '../errors';
import { Decimal, toDbDecimal } from '../money';
import { AccountRef } from './account-ref';
import { accountLockOrder } from './lock-order';
import { OptimisticLockError } from './optimistic-retry';
import { settlementKey } from './system-accounts';

type Tx = Prisma.TransactionClient;

export interface UserWallet {
  userId: string;
  bankCustomerId: string;
  accounts: Record<Currency, AccountRef>;
}

/** One leg on a customer account: the balance moves by `delta`, the locked funds down by `release`. */
export interface UserAccountChange {
  account: AccountRef;
  delta: Decimal;
  release: Decimal;
}

/**
 * A customer account as read (or last written) inside a transaction, with the version the
 * next write must match. Handed from one transaction to a later one (a trade's phase 1 to its
 * phase 3) it is only a guess: the write compares the version, so a stale state fails that
 * write (OptimisticLockError) and the caller's retry reads afresh.
 */
export interface UserAccountState {
  ref: AccountRef;
  balance: Decimal;
  locked: Decimal;
  version: number;
}

const CURRENCIES: Currency[] = [Currency.AZN, Currency.USDT];

/** Wallets kept in memory: 100,000 is about 40 MB at most. */
const USER_CACHE_SIZE = 100_000;

/**
 * Accounts, balances and holds: the money rules of an account live here. A hold is the first
 * phase of a two-phase transfer: it reserves funds (lockedBalance grows) so that a trade in
 * flight cannot be spent twice; it is later posted (the ledger rows consume it) or voided
 * (the reservation is released). Every write of a customer account is optimistic: read
 * with its `version`, checked here, updated only where the version is still the one read.
 * Every method that writes takes the caller's Prisma interactive transaction (`tx`): the
 * callers (LedgerService, TradeStore, FundingFlow) decide what commits together.
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
   * Phase 1 of a two-phase transfer, the row: the PENDING Hold of `amount` on a customer
   * account, created in its Transaction's database transaction: a trade creates it right
   * after the Transaction (`hold.create`: two statements, where the nested write
   * `holds: { create: ... }`, which funding uses, sends three; bench/README.md). `placeHold`
   * reserves the funds for it in the same database transaction; neither commits without the other.
   */
  newHold(account: AccountRef, amount: Decimal): { accountId: string; amount: string } {
    if (account.kind !== AccountKind.USER) throw new Error(`a hold on system account ${account.id}`);
    return { accountId: account.id, amount: toDbDecimal(amount) };
  }

  /**
   * Phase 1 of a two-phase transfer, the funds: reserves `amount` of a customer account for
   * the hold created with the transaction (`newHold`). The account is read with its version,
   * the available amount (balance - lockedBalance) is checked here, and the update is
   * conditional on that version: of two holds racing for the same funds, the second finds
   * the version moved and its whole transaction is retried on a fresh read
   * (withOptimisticRetry), so both can never succeed.
   *
   * `alsoRead`: other accounts of the user read in the same statement (a trade's phase 3
   * posts to them). Returns the states this transaction leaves, the hold's account at its new
   * version, for a later `moveUserAccounts` (its `known`).
   */
  async placeHold(tx: Tx, account: AccountRef, amount: Decimal, alsoRead: AccountRef[] = []): Promise<KnownAccounts> {
    const states = await this.readUserAccounts(tx, [account.id, ...alsoRead.map((a) => a.id)]);
    const current = states.get(account.id) as UserAccountState;
    if (current.balance.minus(current.locked).lt(amount)) throw new InsufficientFundsError(account.currency);
    const next = { balance: current.balance, locked: current.locked.plus(amount) };
    await this.writeUserAccount(tx, current, next);
    states.set(account.id, { ref: current.ref, ...next, version: current.version + 1 });
    return states;
  }

  /**
   * The transaction's pending holds become POSTED; returns what each held (by account), for
   * the postings that consume them (`Posting.releaseHold`) in the same database transaction.
   */
  async postHolds(tx: Tx, transactionId: string): Promise<Map<string, Decimal>> {
    const holds = await this.resolveHolds(tx, { transactionId }, HoldStatus.POSTED);
    return new Map(holds.map((h) => [h.accountId, h.amount]));
  }

  /**
   * The transaction failed: its pending holds become VOIDED and the reserved funds are
   * released (lockedBalance down, version-checked); nothing else moves. Returns how many.
   */
  async voidHolds(tx: Tx, transactionId: string): Promise<number> {
    return this.releaseHolds(tx, await this.resolveHolds(tx, { transactionId }, HoldStatus.VOIDED));
  }

  /**
   * A waiting order is cancelled or expires: its hold (the one no trade took over) becomes
   * VOIDED and the funds are released, version-checked, in the caller's transaction (the one
   * that changes the order's status). Returns how many holds (0: the order had none pending).
   */
  async voidOrderHold(tx: Tx, orderId: string): Promise<number> {
    return this.releaseHolds(tx, await this.resolveHolds(tx, { orderId, transactionId: null }, HoldStatus.VOIDED));
  }

  /**
   * An order executes: its trade takes the order's PENDING hold over (the hold gets the
   * trade's transactionId), in the transaction that opens the trade. Nothing is released or
   * reserved again: lockedBalance already counts it, and the trade's phase 3 posts it (or a
   * failure voids it) as any trade's hold. Throws when the order has no untaken pending hold.
   */
  async takeOverOrderHold(tx: Tx, orderId: string, transactionId: string): Promise<void> {
    const { count } = await tx.hold.updateMany({
      where: { orderId, transactionId: null, status: HoldStatus.PENDING },
      data: { transactionId },
    });
    if (count !== 1) throw new Error(`order ${orderId} has ${count} pending holds to take over, not 1`);
  }

  /** The funds of resolved (voided) holds released from their accounts, version-checked. */
  private async releaseHolds(tx: Tx, holds: { accountId: string; amount: Decimal }[]): Promise<number> {
    if (!holds.length) return 0;
    const accounts = await this.readUserAccounts(
      tx,
      holds.map((h) => h.accountId),
    );
    for (const state of [...accounts.values()].sort((a, b) => accountLockOrder(a.ref, b.ref))) {
      const released = holds.filter((h) => h.accountId === state.ref.id).reduce((sum, h) => sum.plus(h.amount), new Decimal(0));
      await this.writeUserAccount(tx, state, { balance: state.balance, locked: state.locked.minus(released) });
    }
    return holds.length;
  }

  /**
   * Moves customer accounts for a posting (LedgerService): each change adds `delta` to the
   * balance and releases `release` of the locked funds (the hold the posting consumes).
   * One read of every account with its version, the rules checked here on that read, then
   * one version-checked update per account, in the lock order. Returns each change's
   * balance after it, in the order given (an account named twice moves in that order).
   *
   * `known`: the accounts as an earlier transaction of the same operation left them (what
   * `placeHold` returned in a trade's phase 1). When it covers every account the read is
   * skipped and the rules are checked on those states; the version-checked writes make that
   * safe: if any of them moved since, its write matches no row, OptimisticLockError rolls
   * this transaction back, and the caller retries without `known` (TradeStore.settle).
   */
  async moveUserAccounts(tx: Tx, changes: UserAccountChange[], known?: KnownAccounts): Promise<Decimal[]> {
    const ids = changes.map((c) => c.account.id);
    if (known && ids.every((id) => known.has(id))) {
      // A known state that breaks a rule is taken for a stale one: read, as without `known`.
      const planned = planMoves(pick(known, ids), changes);
      if (!('breach' in planned)) return this.writeMoves(tx, planned);
    }
    const planned = planMoves(await this.readUserAccounts(tx, ids), changes);
    // The hold guaranteed the funds: a breach here means the books disagree with the
    // holds (a bug), never a client error. The database's CHECK constraints would refuse it too.
    if ('breach' in planned) throw new Error(`posting would leave ${planned.breach}`);
    return this.writeMoves(tx, planned);
  }

  /** The version-checked writes of planned moves, in the lock order; each change's balance after it. */
  private async writeMoves(tx: Tx, planned: PlannedMoves): Promise<Decimal[]> {
    for (const state of [...planned.accounts.values()].sort((a, b) => accountLockOrder(a.ref, b.ref))) {
      await this.writeUserAccount(tx, state, planned.next.get(state.ref.id) as Balances);
    }
    return planned.after;
  }

  /**
   * Moves a system account (omnibus, bank settlement) by `delta` with an atomic increment on
   * the row, returning its balance after. Not version-checked, on purpose: every trade of
   * every bank writes the omnibus rows, so a read-compare-retry loop there would make all of
   * them collide; an increment on the locked row cannot lose an update, and system accounts
   * have no rule to check before the write (they may go negative: the house's position).
   * Callers change them last (lock-order.ts), so their row locks are held the shortest.
   */
  async moveSystemAccount(tx: Tx, account: AccountRef, delta: Decimal): Promise<Decimal> {
    if (account.kind === AccountKind.USER) throw new Error(`account ${account.id} is a customer account`);
    const updated = await tx.account.update({
      where: { id: account.id },
      data: { balance: { increment: toDbDecimal(delta) }, version: { increment: 1 } },
      select: { balance: true },
    });
    return new Decimal(updated.balance.toString());
  }

  /** Customer accounts with the version each was read at (one query for all). */
  private async readUserAccounts(tx: Tx, ids: string[]): Promise<Map<string, UserAccountState>> {
    const rows = await tx.account.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, kind: true, currency: true, balance: true, lockedBalance: true, version: true },
    });
    const states = new Map<string, UserAccountState>();
    for (const r of rows) {
      if (r.kind !== AccountKind.USER) throw new Error(`account ${r.id} is not a customer account`);
      const ref = { id: r.id, kind: r.kind, currency: r.currency };
      states.set(r.id, { ref, balance: new Decimal(r.balance.toString()), locked: new Decimal(r.lockedBalance.toString()), version: r.version });
    }
    for (const id of ids) if (!states.has(id)) throw new Error(`no account ${id}`);
    return states;
  }

  /**
   * The optimistic write: only if the row still has the version it was read at, and it
   * moves to the next version. No row updated means another request changed the account
   * in between (its update committed first): OptimisticLockError rolls this transaction
   * back and withOptimisticRetry runs it again on a fresh read.
   */
  private async writeUserAccount(tx: Tx, read: UserAccountState, next: Balances): Promise<void> {
    const { count } = await tx.account.updateMany({
      where: { id: read.ref.id, version: read.version },
      data: { balance: toDbDecimal(next.balance), lockedBalance: toDbDecimal(next.locked), version: read.version + 1 },
    });
    if (count !== 1) throw new OptimisticLockError(read.ref.id);
  }

  /** PENDING holds of a transaction (or of a waiting order) to POSTED or VOIDED, in one statement that returns them. */
  private async resolveHolds(
    tx: Tx,
    owner: { transactionId: string } | { orderId: string; transactionId: null },
    status: 'POSTED' | 'VOIDED',
  ): Promise<{ accountId: string; amount: Decimal }[]> {
    const holds = await tx.hold.updateManyAndReturn({
      where: { ...owner, status: HoldStatus.PENDING },
      data: { status, resolvedAt: new Date() },
      select: { accountId: true, amount: true },
    });
    return holds.map((h) => ({ accountId: h.accountId, amount: new Decimal(h.amount.toString()) }));
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

interface Balances {
  balance: Decimal;
  locked: Decimal;
}

interface PlannedMoves {
  accounts: Map<string, UserAccountState>;
  next: Map<string, Balances>;
  after: Decimal[];
}

/**
 * The changes applied in order to the states: each account's next balances and each change's
 * balance after it; or the breach, when one would leave an account below zero or reserving
 * more than it holds.
 */
function planMoves(accounts: Map<string, UserAccountState>, changes: UserAccountChange[]): PlannedMoves | { breach: string } {
  const next = new Map([...accounts].map(([id, s]) => [id, { balance: s.balance, locked: s.locked }]));
  const after: Decimal[] = [];
  for (const { account, delta, release } of changes) {
    const state = next.get(account.id) as Balances;
    state.balance = state.balance.plus(delta);
    state.locked = state.locked.minus(release);
    if (state.balance.isNegative() || state.locked.isNegative() || state.balance.lt(state.locked)) {
      return { breach: `account ${account.id} at ${state.balance.toFixed()} with ${state.locked.toFixed()} locked` };
    }
    after.push(state.balance);
  }
  return { accounts, next, after };
}

/** Customer account states by id (UserAccountState). */
export type KnownAccounts = ReadonlyMap<string, UserAccountState>;

function pick(known: KnownAccounts, ids: string[]): Map<string, UserAccountState> {
  return new Map(ids.map((id) => [id, known.get(id) as UserAccountState]));
}

function toWallet(userId: string, bankCustomerId: string, accounts: AccountRef[]): UserWallet {
  const byCurrency = Object.fromEntries(accounts.map((a) => [a.currency, a])) as Record<Currency, AccountRef>;
  return { userId, bankCustomerId, accounts: byCurrency };
}
