import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Characters of a key kept in clear beside its hash, to find the candidate rows. */
export const API_KEY_PREFIX_LENGTH = 12;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}

/** Compares two hex SHA-256 digests in constant time. */
export function sameHash(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** A new key: "ck_" and 40 url-safe random characters (240 bits). */
export function generateApiKey(): string {
  return `ck_${randomBytes(30).toString('base64url')}`;
}
