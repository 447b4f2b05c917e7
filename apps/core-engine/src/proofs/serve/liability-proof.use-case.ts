import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { CoreConfig } from '../../config';
import { ProofNotAvailableError } from '../../errors';
import { customerSalt, LiabilityProofDocument, paddingRecord, proofDocument, RECORD_BYTES, toUnits } from '../tree';
import { CHUNK_NODES, levelCounts } from '../snapshot/liability-tree-store';

interface ProofRow {
  id: string;
  takenAt: Date;
  leafCount: number;
  height: number;
  rootHash: string;
  totalAzn: string;
  totalUsdt: string;
  position: number | null;
  level: number | null;
  chunk: number | null;
  nodes: Uint8Array | null;
}

/**
 * A customer's inclusion proof in their bank's latest snapshot (docs/proofs.md): one query
 * (the latest snapshot, the leaf's position, one 8 kB chunk per level), no tree rebuilt. The
 * salt is derived again from PROOF_SALT_SECRET and goes to this bank's request only.
 */
@Injectable()
export class LiabilityProofUseCase {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: CoreConfig,
  ) {}

  async proof(bank: { id: string; code: string }, bankUserId: string): Promise<LiabilityProofDocument> {
    // One round trip (a proof is served in a few ms): the latest snapshot, the leaf's position and,
    // per level, the chunk holding the node on the path and its sibling (a chunk holds both).
    const rows = await this.prisma.$queryRaw<ProofRow[]>`
      SELECT s.id, s."takenAt", s."leafCount", s.height, s."rootHash", s."totalAzn"::text AS "totalAzn", s."totalUsdt"::text AS "totalUsdt",
             l.position, c.level, c.chunk, c.nodes
        FROM (SELECT * FROM "LiabilitySnapshot" WHERE "bankId" = ${bank.id}::uuid ORDER BY "takenAt" DESC LIMIT 1) s
        LEFT JOIN "LiabilityLeaf" l ON l."snapshotId" = s.id AND l."bankCustomerId" = ${bankUserId}
        LEFT JOIN LATERAL generate_series(0, GREATEST(s.height - 1, 0)) g(level) ON l.position IS NOT NULL
        LEFT JOIN "LiabilityTreeChunk" c ON c."snapshotId" = s.id AND c.level = g.level AND c.chunk = (l.position >> g.level) / ${CHUNK_NODES}`;
    if (rows.length === 0) throw new ProofNotAvailableError('this bank');
    const snapshot = rows[0];
    if (snapshot.position === null) throw new ProofNotAvailableError('this customer');
    const position = snapshot.position;
    const byKey = new Map(
      rows
        .filter((r) => r.nodes !== null)
        .map((r) => [`${r.level}/${r.chunk}`, Buffer.from(r.nodes!.buffer, r.nodes!.byteOffset, r.nodes!.byteLength)]),
    );
    const counts = levelCounts(snapshot.leafCount, snapshot.height);
    const record = (level: number, index: number): Buffer => {
      if (index >= counts[level]) return paddingRecord(level);
      const chunk = byKey.get(`${level}/${Math.floor(index / CHUNK_NODES)}`);
      if (!chunk) throw new Error(`snapshot ${snapshot.id}: chunk ${level}/${Math.floor(index / CHUNK_NODES)} is missing`);
      const at = (index % CHUNK_NODES) * RECORD_BYTES;
      return chunk.subarray(at, at + RECORD_BYTES);
    };
    const path = Array.from({ length: snapshot.height }, (_, level) => record(level, (position >> level) ^ 1));
    return proofDocument(
      { bankCode: bank.code, snapshotId: snapshot.id, takenAt: snapshot.takenAt },
      {
        leafCount: snapshot.leafCount,
        height: snapshot.height,
        rootHash: Buffer.from(snapshot.rootHash, 'hex'),
        rootSums: [toUnits(snapshot.totalAzn), toUnits(snapshot.totalUsdt)],
      },
      { bankUserId, salt: customerSalt(this.config.PROOF_SALT_SECRET, snapshot.id, bankUserId), position, leafRecord: record(0, position) },
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
