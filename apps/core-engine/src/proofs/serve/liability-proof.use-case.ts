import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../../config';
import { ProofNotAvailableError } from '../../errors';
import { customerSalt, LiabilityProofDocument, paddingRecord, proofDocument, RECORD_BYTES, toUnits } from '../tree';
import { CHUNK_NODES, chunksForProof, levelCounts } from '../snapshot/liability-tree-store';

/**
 * A customer's inclusion proof in their bank's latest snapshot (docs/proofs.md): three indexed
 * reads (the snapshot, the leaf's position, one 8 kB chunk per level), no tree rebuilt. The
 * salt is derived again from PROOF_SALT_SECRET and goes to this bank's request only.
 */
@Injectable()
export class LiabilityProofUseCase {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: CoreConfig,
  ) {}

  async proof(bank: { id: string; code: string }, bankUserId: string): Promise<LiabilityProofDocument> {
    const snapshot = await this.prisma.liabilitySnapshot.findFirst({ where: { bankId: bank.id }, orderBy: { takenAt: 'desc' } });
    if (!snapshot) throw new ProofNotAvailableError('this bank');
    const leaf = await this.prisma.liabilityLeaf.findUnique({
      where: { snapshotId_bankCustomerId: { snapshotId: snapshot.id, bankCustomerId: bankUserId } },
      select: { position: true },
    });
    if (!leaf) throw new ProofNotAvailableError('this customer');
    const wanted = chunksForProof(leaf.position, snapshot.height);
    const chunks = await this.prisma.liabilityTreeChunk.findMany({
      where: { snapshotId: snapshot.id, OR: wanted },
      select: { level: true, chunk: true, nodes: true },
    });
    const byKey = new Map(chunks.map((c) => [`${c.level}/${c.chunk}`, Buffer.from(c.nodes.buffer, c.nodes.byteOffset, c.nodes.byteLength)]));
    const counts = levelCounts(snapshot.leafCount, snapshot.height);
    const record = (level: number, index: number): Buffer => {
      if (index >= counts[level]) return paddingRecord(level);
      const chunk = byKey.get(`${level}/${Math.floor(index / CHUNK_NODES)}`);
      if (!chunk) throw new Error(`snapshot ${snapshot.id}: chunk ${level}/${Math.floor(index / CHUNK_NODES)} is missing`);
      const at = (index % CHUNK_NODES) * RECORD_BYTES;
      return chunk.subarray(at, at + RECORD_BYTES);
    };
    const path = Array.from({ length: snapshot.height }, (_, level) => record(level, (leaf.position >> level) ^ 1));
    return proofDocument(
      { bankCode: bank.code, snapshotId: snapshot.id, takenAt: snapshot.takenAt },
      {
        leafCount: snapshot.leafCount,
        height: snapshot.height,
        rootHash: Buffer.from(snapshot.rootHash, 'hex'),
        rootSums: [toUnits(snapshot.totalAzn.toFixed(8)), toUnits(snapshot.totalUsdt.toFixed(8))],
      },
      {
        bankUserId,
        salt: customerSalt(this.config.PROOF_SALT_SECRET, snapshot.id, bankUserId),
        position: leaf.position,
        leafRecord: record(0, leaf.position),
      },
      path,
    );
  }

  /** The bank's latest roots, newest first (at most `limit`). */
  async roots(bank: { id: string; code: string }, limit = 30) {
    const rows = await this.prisma.liabilitySnapshot.findMany({ where: { bankId: bank.id }, orderBy: { takenAt: 'desc' }, take: limit });
    if (rows.length === 0) throw new ProofNotAvailableError('this bank');
    return {
      bankCode: bank.code,
      roots: rows.map((r) => ({
        snapshotId: r.id,
        takenAt: r.takenAt.toISOString(),
        rootHash: r.rootHash,
        leafCount: r.leafCount,
        height: r.height,
        totals: { AZN: r.totalAzn.toFixed(8), USDT: r.totalUsdt.toFixed(8) },
      })),
    };
  }
}
