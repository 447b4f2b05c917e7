import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../../config';
import { CheckpointKeyMissingError } from '../../errors';
import { AdminActor, AuditTrail } from '../../admin/audit/audit-trail.service';
import { chainStep, ChainRow, checkpointKey, signCheckpoint, ZERO_HASH } from './ledger-chain';

/**
 * Rows per read. Each batch is one synchronous run (Prisma's rows, then the hashing) on the
 * thread that serves the buys: 10,000 a batch cut buys/s to a tenth while a checkpoint ran
 * (bench:proofs --during-buys); 1,000 keeps each run to a few ms.
 */
const BATCH = 1_000;

/**
 * Rows per checkpoint at most: a longer backlog (the first checkpoint of a big ledger) is several
 * checkpoints in a row, each signed and chained. One checkpoint's row hashes are one Bytes value
 * (32 bytes a row) that Prisma carries on the JS heap, and a Core Engine started with
 * --max-old-space-size=192 died on the first checkpoint of 600,000 rows (bench:proofs --during-buys).
 */
export const CHECKPOINT_MAX_ROWS = 100_000;

/** Reads ledger rows for the chain: plain reads in id order, no lock (trades never wait on it). */
export async function readChainRows(prisma: PrismaService, afterId: bigint, upToId: bigint | null, visit: (row: ChainRow) => void): Promise<void> {
  for (let cursor = afterId; ;) {
    const rows = await prisma.ledger.findMany({
      where: { id: { gt: cursor, ...(upToId !== null && { lte: upToId }) } },
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, transactionId: true, accountId: true, currency: true, amount: true, balanceAfter: true, createdAt: true },
    });
    for (const r of rows) visit({ ...r, amount: r.amount.toFixed(8), balanceAfter: r.balanceAfter.toFixed(8) });
    if (rows.length < BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

/**
 * Takes the next ledger checkpoint (docs/proofs.md): every row after the last checkpoint, up to
 * the last one older than LEDGER_CHECKPOINT_SETTLE_MS (a trade's transaction still open may yet
 * commit a lower id), hashed onto the previous chain hash, signed with the Ed25519 key of the
 * settings, stored with its key id and public key. Nothing new: no checkpoint (null).
 */
@Injectable()
export class TakeLedgerCheckpointUseCase {
  private readonly logger = new Logger(TakeLedgerCheckpointUseCase.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: CoreConfig,
    private readonly audit: AuditTrail,
  ) {}

  get configured(): boolean {
    return this.config.LEDGER_CHECKPOINT_PRIVATE_KEY !== undefined;
  }

  async take(by: AdminActor | 'daily') {
    if (!this.config.LEDGER_CHECKPOINT_PRIVATE_KEY) throw new CheckpointKeyMissingError();
    const { privateKey, publicKeyDer } = checkpointKey(this.config.LEDGER_CHECKPOINT_PRIVATE_KEY);
    const last = await this.prisma.ledgerCheckpoint.findFirst({ orderBy: { sequence: 'desc' } });
    const settled = await this.prisma.ledger.findFirst({
      where: { id: { gt: last?.toId ?? 0n }, createdAt: { lte: new Date(Date.now() - this.config.LEDGER_CHECKPOINT_SETTLE_MS) } },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    if (!settled) return null;
    // The range ends at the last settled row or at the CHECKPOINT_MAX_ROWS-th row, whichever comes first.
    const capped = await this.prisma.ledger.findFirst({
      where: { id: { gt: last?.toId ?? 0n, lte: settled.id } },
      orderBy: { id: 'asc' },
      skip: CHECKPOINT_MAX_ROWS - 1,
      select: { id: true },
    });
    const toId = capped?.id ?? settled.id;
    const previousHash = last?.chainHash ?? ZERO_HASH;
    let hash: Buffer = Buffer.from(previousHash, 'hex');
    // The chain hash after each row, written into one buffer (no object per row on the heap).
    const rowHashes = Buffer.alloc(CHECKPOINT_MAX_ROWS * 32);
    let rowCount = 0;
    await readChainRows(this.prisma, last?.toId ?? 0n, toId, (row) => {
      if (rowCount === CHECKPOINT_MAX_ROWS) throw new Error(`more than ${CHECKPOINT_MAX_ROWS} ledger rows up to ${toId}: a row committed late`);
      hash = chainStep(hash, row);
      hash.copy(rowHashes, rowCount++ * 32);
    });
    const fields = {
      sequence: (last?.sequence ?? 0) + 1,
      fromId: last?.toId ?? 0n,
      toId,
      rowCount,
      previousHash,
      chainHash: hash.toString('hex'),
      keyId: this.config.LEDGER_CHECKPOINT_KEY_ID,
    };
    const signature = signCheckpoint(fields, privateKey);
    const checkpoint = await this.prisma.$transaction(async (tx) => {
      const row = await tx.ledgerCheckpoint.create({
        data: { ...fields, rowHashes: new Uint8Array(rowHashes.subarray(0, rowCount * 32)), publicKey: publicKeyDer, signature },
      });
      const view = { checkpointId: row.id, ...fields, fromId: fields.fromId.toString(), toId: fields.toId.toString(), signature };
      if (by !== 'daily')
        await this.audit.record(tx, by, { action: 'ledger_checkpoint.take', targetType: 'ledger_checkpoint', targetId: row.id, after: view });
      return view;
    });
    this.logger.log({ event: 'ledger_checkpoint', ...checkpoint });
    return checkpoint;
  }
}
