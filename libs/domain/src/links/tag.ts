import { DomainError } from '../shared/domain-error.js';

export const TAG_SCOPES = ['conversation', 'contact'] as const;
export type TagScope = (typeof TAG_SCOPES)[number];

const TAG = /^[\p{L}\p{N}_ -]{1,40}$/u;

export class InvalidTag extends DomainError {
  readonly code = 'invalid-tag';
  readonly kind = 'invalid';
  constructor(reason: string) {
    super(reason, { errors: [{ field: 'tag', messages: [reason] }] });
  }
}

/** A tag name: 1–40 letters, digits, '_', '-' or spaces; surrounding spaces dropped, inner runs folded. */
export function requireTag(text: string): string {
  const tag = text.trim().replace(/\s+/g, ' ');
  if (!TAG.test(tag)) throw new InvalidTag("tag must be 1 to 40 letters, digits, '_', '-' or spaces");
  return tag;
}

/** Tags are unique per scope without regard to case. */
export function sameTag(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
