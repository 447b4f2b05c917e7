import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * The ledger's hash chain (docs/proofs.md, "Ledger checkpoints"): each row hashed onto the
 * hash before it, in id order, and each checkpoint's range signed with Ed25519. Pure code: the
 * checkpoint use case and `npm run ledger:verify -- --proof` both use it.
 */
export const ZERO_HASH = '0'.repeat(64);
const ROW_TAG = Buffer.from('ccp-ledger/v1/row\0', 'ascii');
const CHECKPOINT_TAG = Buffer.from('ccp-ledger/v1/checkpoint\0', 'ascii');

export interface ChainRow {
  id: bigint;
  transactionId: string;
  accountId: string;
  currency: string;
  /** Decimal(20,8) as text: "-12.50000000". */
  amount: string;
  balanceAfter: string;
  createdAt: Date;
}

/** A signed 128-bit big-endian two's-complement integer of 10^-8 units. */
function i128(text: string): Buffer {
  const m = /^(-?)(\d+)(?:\.(\d{1,8}))?$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a Decimal(20,8)`);
  let v = BigInt(m[2]) * 10n ** 8n + BigInt((m[3] ?? '').padEnd(8, '0'));
  if (m[1]) v = -v;
  const u = BigInt.asUintN(128, v);
  const out = Buffer.alloc(16);
  out.writeBigUInt64BE(u >> 64n, 0);
  out.writeBigUInt64BE(u & 0xffffffffffffffffn, 8);
  return out;
}

const uuid = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');

/** The row's encoding (docs/proofs.md): id u64 || transactionId 16 || accountId 16 || currency (length byte + ASCII) || amount i128 || balanceAfter i128 || createdAt ms i64. */
export function encodeRow(row: ChainRow): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(row.id);
  const currency = Buffer.from(row.currency, 'ascii');
  const at = Buffer.alloc(8);
  at.writeBigInt64BE(BigInt(row.createdAt.getTime()));
  return Buffer.concat([
    head,
    uuid(row.transactionId),
    uuid(row.accountId),
    Buffer.of(currency.length),
    currency,
    i128(row.amount),
    i128(row.balanceAfter),
    at,
  ]);
}

/** SHA-256("ccp-ledger/v1/row\0" || previous chain hash || encodeRow(row)). */
export function chainStep(previous: Buffer, row: ChainRow): Buffer {
  return createHash('sha256').update(ROW_TAG).update(previous).update(encodeRow(row)).digest();
}

export interface CheckpointFields {
  sequence: number;
  fromId: bigint;
  toId: bigint;
  rowCount: number;
  previousHash: string;
  chainHash: string;
  keyId: string;
}

/** What is signed: the tag || sequence u64 || fromId u64 || toId u64 || rowCount u64 || previousHash 32 || chainHash 32 || UTF-8 keyId. */
export function checkpointMessage(c: CheckpointFields): Buffer {
  const n = Buffer.alloc(32);
  n.writeBigUInt64BE(BigInt(c.sequence), 0);
  n.writeBigUInt64BE(c.fromId, 8);
  n.writeBigUInt64BE(c.toId, 16);
  n.writeBigUInt64BE(BigInt(c.rowCount), 24);
  return Buffer.concat([CHECKPOINT_TAG, n, Buffer.from(c.previousHash, 'hex'), Buffer.from(c.chainHash, 'hex'), Buffer.from(c.keyId, 'utf8')]);
}

/** The signing key from its setting: PKCS#8 PEM, or the base64 of its DER. */
export function checkpointKey(setting: string): { privateKey: KeyObject; publicKeyDer: string } {
  const privateKey = setting.includes('-----BEGIN')
    ? createPrivateKey(setting.replace(/\\n/g, '\n'))
    : createPrivateKey({ key: Buffer.from(setting, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('LEDGER_CHECKPOINT_PRIVATE_KEY must be an Ed25519 key');
  return { privateKey, publicKeyDer: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}

export const signCheckpoint = (c: CheckpointFields, key: KeyObject): string => sign(null, checkpointMessage(c), key).toString('base64');

export function checkpointSignatureValid(c: CheckpointFields, publicKeyDer: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyDer, 'base64'), format: 'der', type: 'spki' });
    return verify(null, checkpointMessage(c), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
