import { CursorPage, UUID_PATTERN } from '@app/shared-types';
import { ValidationError } from '../errors';

/**
 * The opaque cursor of a list page (transactions, events): the last entry's createdAt and
 * id, base64url-encoded. Opaque to banks (documented as "pass it back as given"), so its
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

/**
 * The keyset condition of the page after `cursor` (newest first by (createdAt, id)): rows
 * strictly older than the cursor's entry. Rows created while a client pages are newer than
 * its cursor, so they never shift or repeat the pages it has still to read.
 */
export function olderThanCursor(cursor: string | undefined) {
  if (cursor === undefined) return {};
  const after = decodeCursor(cursor);
  if (!after) throw new ValidationError('cursor is not valid: pass the nextCursor of a page as it was given');
  return { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}

/** A page from `limit + 1` rows read newest first: the first `limit`, and the cursor of the next page if there is one. */
export function pageOf<Row extends { createdAt: Date; id: string }, Item>(rows: Row[], limit: number, view: (row: Row) => Item): CursorPage<Item> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
