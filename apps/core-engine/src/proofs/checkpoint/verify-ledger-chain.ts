import { PrismaService } from '@app/database';
import { chainStep, ChainRow, checkpointSignatureValid, ZERO_HASH } from './ledger-chain';
import { readChainRows } from './take-ledger-checkpoint.use-case';

export interface ChainReport {
  checkpoints: number;
  rows: number;
  /** Empty: every checkpoint holds. Else each problem, the first differing row named. */
  problems: string[];
}

/**
 * Recomputes every checkpoint's chain from the ledger rows as they are now (docs/proofs.md):
 * the links between checkpoints, each signature (with the stored public key, and that key among
 * `trustedKeys` when given: a database superuser could re-sign with a key of their own), and
 * each row's hash against the one stored, naming the first row that differs, one that is gone
 * or one that appeared inside a covered range.
 */
export async function verifyLedgerChain(prisma: PrismaService, trustedKeys: string[] | null = null): Promise<ChainReport> {
  const checkpoints = await prisma.ledgerCheckpoint.findMany({ orderBy: { sequence: 'asc' } });
  const problems: string[] = [];
  let rows = 0;
  let previous = { sequence: 0, toId: 0n, chainHash: ZERO_HASH };
  for (const c of checkpoints) {
    const name = `checkpoint ${c.sequence} (rows ${c.fromId + 1n}..${c.toId})`;
    if (c.sequence !== previous.sequence + 1 || c.fromId !== previous.toId || c.previousHash !== previous.chainHash)
      problems.push(`${name} does not follow checkpoint ${previous.sequence}`);
    if (!checkpointSignatureValid(c, c.publicKey, c.signature)) problems.push(`${name}: the signature is not valid for its fields`);
    if (trustedKeys && !trustedKeys.includes(c.publicKey)) problems.push(`${name}: signed by key ${c.keyId}, which is not a trusted key`);
    const stored = Buffer.from(c.rowHashes);
    const storedAt = (k: number) => stored.subarray(k * 32, (k + 1) * 32);
    let hash: Buffer = Buffer.from(c.previousHash, 'hex');
    let k = 0;
    let first: string | null = null;
    const seen: ChainRow[] = [];
    await readChainRows(prisma, c.fromId, c.toId, (row) => {
      seen.push(row);
      hash = chainStep(hash, row);
      if (first === null && (k >= c.rowCount || !hash.equals(storedAt(k))))
        first = k >= c.rowCount ? `row ${row.id} was not there when it was taken` : `row ${row.id} differs from the row the checkpoint hashed`;
      k++;
    });
    rows += k;
    if (first === null && k !== c.rowCount) first = `${c.rowCount - k} row(s) are gone, after row ${seen.at(-1)?.id ?? c.fromId}`;
    if (first === null && hash.toString('hex') !== c.chainHash) first = 'the chain hash differs from the stored one';
    if (first !== null) problems.push(`${name}: ${first}`);
    previous = c;
  }
  return { checkpoints: checkpoints.length, rows, problems };
}
