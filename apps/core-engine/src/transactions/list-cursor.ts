import { UUID_PATTERN } from '@app/shared-types';

/**
 * The opaque cursor of a transaction list page: the last entry's createdAt and id,
 * base64url-encoded. Opaque to banks (documented as "pass it back as given"), so its
 * format may change; a cursor that does not decode is refused, never guessed at.
 */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (rest.length || !id || !UUID_PATTERN.test(id) || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return null;
  return { createdAt, id };
}
