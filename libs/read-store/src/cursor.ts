import { InvalidQuery } from './document-store.errors.js';
import type { Scalar } from './document-store.port.js';

/** A keyset cursor: the sort value and id of the last item of the page. */
export interface CursorPosition {
  value: Scalar;
  id: string;
}

/**
 * The longest cursor the API accepts. A cursor carries the last item's sort
 * value: a 200-character name of characters JSON escapes as \u0000 (6 bytes
 * each) plus an id stays well under it, so every cursor handed out comes back.
 */
export const MAX_CURSOR_LENGTH = 4096;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string')
      return { value: parsed[0] as Scalar, id: parsed[1] };
  } catch {
    // fall through
  }
  throw new InvalidQuery('The cursor is not one this API handed out; start again without it.');
}
