import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from what it identifies (name-based, like UUIDv5).
 * A multi-step process that is retried after a crash derives the same ids, so
 * every step it repeats is a no-op instead of a duplicate.
 */
export function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
