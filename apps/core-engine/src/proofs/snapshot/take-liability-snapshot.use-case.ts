import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { Prisma } from '@app/prisma-client';
import { CoreConfig } from '../../config';
import { BankNotFoundError, LiabilitiesMismatchError } from '../../errors';
import { AdminActor, AuditTrail } from '../../admin/audit/audit-trail.service';
import { fromUnits, MerkleSumTreeBuilder, MerkleSumTree, NegativeBalanceError, SaltDeriver, toUnits, TREE_CURRENCIES } from '../tree';
import { chunksOf } from './liability-tree-store';
import { CustomerIdList } from './customer-id-list';
import { ReservesService } from '../reserves/reserves.service';

const READ_TIMEOUT_MS = 10 * 60_000;
/**
 * The storage of a 1M snapshot, measured (docs/proofs.md §5): `createMany` of the leaves made
 * Prisma hold every call's rows, parameters and plan on the JS heap (5,000 rows a call: heap past
 * 1.8 GB and 100 s; 2,000 a call under --max-old-space-size=192: minutes of GC, never done).
 * The leaves go instead as one INSERT per LEAF_BATCH ids with the ids as ONE text[] parameter
 * (Prisma's $executeRaw; no function, no rule in SQL: the positions are the builder's order):
 * 1M leaves in about 9 s, the heap flat. The chunks (8 kB each, 16 k at 1M) stay createMany,
 * CHUNK_BATCH a call (a bytea[] parameter goes through JSON in Prisma and did not fit the heap).
 */
const CHUNK_BATCH = 32;
const LEAF_BATCH = 10_000;
/** Customers per read: each page is also one synchronous run of leaf hashing, kept short so the Core Engine's requests interleave. */
const READ_PAGE = 2_000;

interface CustomerRow {
  userId: string;
  bankCustomerId: string;
  azn: string;
  usdt: string;
}

export interface LiabilitySnapshotView {
  snapshotId: string;
  bankCode: string;
  takenAt: string;
  takenBy: string;
  leafCount: number;
  height: number;
  rootHash: string;
  totals: { AZN: string; USDT: string };
  /** The house's holdings at the venue read with the snapshot; null when the venue did not answer. */
  reserves?: { AZN: string; USDT: string } | null;
}

/**
 * Takes one bank's liabilities snapshot (docs/proofs.md): the customers' balances and the
 * ledger's sums over their accounts read in one REPEATABLE READ transaction (one database
 * snapshot, so the two describe the same moment), the tree built and its totals checked
 * against the ledger's, then the root, the tree's chunks and the leaves' positions stored in
 * one transaction (no half-written snapshot), with the audit entry when an operator asked.
 */
@Injectable()
export class TakeLiabilitySnapshotUseCase {
  private readonly logger = new Logger(TakeLiabilitySnapshotUseCase.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: CoreConfig,
    private readonly audit: AuditTrail,
    private readonly reserves: ReservesService,
  ) {}

  async take(bankCode: string, by: AdminActor | 'daily'): Promise<LiabilitySnapshotView> {
    const bank = await this.prisma.bank.findUnique({ where: { code: bankCode }, select: { id: true, code: true } });
    if (!bank) throw new BankNotFoundError();
    const snapshotId = randomUUID();
    const salts = new SaltDeriver(this.config.PROOF_SALT_SECRET, snapshotId);
    const read = await this.prisma.$transaction(
      async (tx) => {
        const [{ takenAt, customers }] = await tx.$queryRaw<{ takenAt: Date; customers: number }[]>`
          SELECT now() AS "takenAt", COUNT(*)::int AS customers FROM "User" WHERE "bankId" = ${bank.id}::uuid`;
        // Read in pages straight into the tree: the process holds the tree's buffers and the ids' bytes, not a million row objects.
        // The Account side of the join is bounded by the page's start too: without it the planner's
        // merge join scanned the accounts from the first one on every page (10 s a page at 1M customers).
        const builder = new MerkleSumTreeBuilder(customers);
        const ids = new CustomerIdList(customers);
        for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
          const page = await tx.$queryRaw<CustomerRow[]>`
            SELECT u.id::text AS "userId", u."bankCustomerId",
                   COALESCE(MAX(a.balance) FILTER (WHERE a.currency = 'AZN'), 0)::text AS azn,
                   COALESCE(MAX(a.balance) FILTER (WHERE a.currency = 'USDT'), 0)::text AS usdt
              FROM "User" u LEFT JOIN "Account" a ON a."userId" = u.id AND a.kind = 'USER' AND a."userId" > ${after}::uuid
             WHERE u."bankId" = ${bank.id}::uuid AND u.id > ${after}::uuid
             GROUP BY u.id
             ORDER BY u.id
             LIMIT ${READ_PAGE}`;
          for (const c of page) {
            this.addLeaf(builder, salts, c);
            ids.push(c.bankCustomerId);
          }
          if (page.length < READ_PAGE) break;
          after = page[page.length - 1].userId;
        }
        const ledger = await tx.$queryRaw<{ currency: string; total: string }[]>`
          SELECT l.currency::text AS currency, SUM(l.amount)::text AS total
            FROM "Ledger" l JOIN "Account" a ON a.id = l."accountId" JOIN "User" u ON u.id = a."userId"
           WHERE u."bankId" = ${bank.id}::uuid AND a.kind = 'USER'
           GROUP BY l.currency`;
        return { takenAt, ids, ledger, tree: await builder.buildYielding() };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: READ_TIMEOUT_MS, maxWait: 10_000 },
    );

    // The venue's holdings as near the snapshot as can be had (another system: not in the transaction).
    const venue = await this.reserves.venueBalances();
    const tree = read.tree;
    this.checkAgainstLedger(bank.code, tree, read.ledger);
    const takenBy = by === 'daily' ? 'daily' : by.id;
    const view: LiabilitySnapshotView = {
      snapshotId,
      bankCode: bank.code,
      takenAt: read.takenAt.toISOString(),
      takenBy,
      leafCount: tree.leafCount,
      height: tree.height,
      rootHash: tree.rootHash.toString('hex'),
      totals: { AZN: fromUnits(tree.rootSums[0]), USDT: fromUnits(tree.rootSums[1]) },
    };
    // The root, its chunks and the positions go in together: a proof never meets a half-stored tree.
    await this.prisma.$transaction(
      async (tx) => {
        await tx.liabilitySnapshot.create({
          data: {
            id: snapshotId,
            bankId: bank.id,
            takenAt: read.takenAt,
            takenBy,
            leafCount: tree.leafCount,
            height: tree.height,
            rootHash: view.rootHash,
            totalAzn: view.totals.AZN,
            totalUsdt: view.totals.USDT,
            reservesAzn: venue?.AZN ?? null,
            reservesUsdt: venue?.USDT ?? null,
          },
        });
        const chunks = chunksOf(tree.levels);
        for (let i = 0; i < chunks.length; i += CHUNK_BATCH)
          await tx.liabilityTreeChunk.createMany({
            data: chunks.slice(i, i + CHUNK_BATCH).map((c) => ({ snapshotId, ...c, nodes: new Uint8Array(c.nodes) })),
          });
        for (let i = 0; i < read.ids.length; i += LEAF_BATCH) {
          const ids = read.ids.slice(i, i + LEAF_BATCH);
          const stored = await tx.$executeRaw`
            INSERT INTO "LiabilityLeaf"("snapshotId", "bankCustomerId", position)
            SELECT ${snapshotId}::uuid, t.id, ${i}::int + (t.n - 1)::int FROM unnest(${ids}::text[]) WITH ORDINALITY AS t(id, n)`;
          if (stored !== ids.length) throw new Error(`snapshot ${snapshotId}: ${stored} of ${ids.length} leaves stored at ${i}`);
        }
        if (by !== 'daily')
          await this.audit.record(tx, by, { action: 'liability_snapshot.take', targetType: 'bank', targetId: bank.code, after: { ...view } });
      },
      { timeout: READ_TIMEOUT_MS, maxWait: 10_000 },
    );
    this.logger.log({ event: 'liability_snapshot', ...view, reserves: venue });
    // Reserves against every bank's latest liabilities, this one's included: the metric and the alert.
    await this.reserves.position();
    return { ...view, reserves: venue };
  }

  private addLeaf(builder: MerkleSumTreeBuilder, salts: SaltDeriver, c: CustomerRow): void {
    for (const amount of [c.azn, c.usdt])
      if (amount.startsWith('-')) throw new NegativeBalanceError(`customer ${c.bankCustomerId} has a negative balance ${amount}`);
    builder.add(salts.customerHash(c.bankCustomerId), [toUnits(c.azn), toUnits(c.usdt)]);
  }

  /** The root's totals must be the ledger's rows on the bank's customer accounts, summed in the same snapshot. */
  private checkAgainstLedger(bankCode: string, tree: MerkleSumTree, ledger: { currency: string; total: string }[]): void {
    const differences = TREE_CURRENCIES.flatMap((currency, i) => {
      const total = ledger.find((l) => l.currency === currency)?.total ?? '0';
      const ledgerUnits = total.startsWith('-') ? -toUnits(total.slice(1)) : toUnits(total);
      return ledgerUnits === tree.rootSums[i] ? [] : [`${currency}: tree ${fromUnits(tree.rootSums[i])}, ledger ${total}`];
    });
    if (differences.length) {
      const err = new LiabilitiesMismatchError(differences.join('; '));
      this.logger.error({ event: 'liability_snapshot_mismatch', bankCode, differences }, err.message);
      throw err;
    }
  }
}
