import { DomainError } from '../shared/domain-error.js';

/** Words a slug may not be: they are, or may become, the service's own paths. */
export const RESERVED_SLUGS = new Set([
  'v1',
  'v2',
  'api',
  'docs',
  'health',
  'metrics',
  'openapi',
  'openapi.json',
  'openapi.yaml',
  'assets',
  'static',
  'dev',
  'admin',
  'login',
  'logout',
  'signup',
  'verify',
  'connect',
  'problems',
  'favicon.ico',
  'robots.txt',
  'well-known',
  'www',
  'app',
  'help',
  'support',
]);

const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

export class InvalidSlug extends DomainError {
  readonly code = 'invalid-slug';
  readonly kind = 'invalid';
  constructor(slug: string, reason: string) {
    super(`"${slug}" cannot be a link slug: ${reason}`, { errors: [{ field: 'slug', messages: [reason] }] });
  }
}

export class SlugTaken extends DomainError {
  readonly code = 'slug-taken';
  readonly kind = 'conflict';
  constructor(slug: string) {
    super(`The slug "${slug}" is already taken; choose another.`, { slug });
  }
}

/** A custom slug, lower-cased: 3–40 of a-z, 0-9 and '-', not starting or ending with '-', not reserved. */
export function requireSlug(text: string): string {
  const slug = text.trim().toLowerCase();
  if (slug.length < 3 || slug.length > 40) throw new InvalidSlug(slug, 'slug must be 3 to 40 characters long');
  if (!SLUG.test(slug))
    throw new InvalidSlug(slug, "slug may only hold a-z, 0-9 and '-', and may not start or end with '-'");
  if (RESERVED_SLUGS.has(slug)) throw new InvalidSlug(slug, `"${slug}" is reserved by the service`);
  return slug;
}

/** Letters and digits no one confuses when reading a flyer aloud (no 0/o, 1/l/i). */
export const SLUG_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Turns random bytes (from the handler) into a generated slug of 8 unambiguous characters. */
export function slugFromRandomBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('need 8 random bytes');
  let slug = '';
  for (let i = 0; i < 8; i++) slug += SLUG_ALPHABET[bytes[i] % SLUG_ALPHABET.length];
  return slug;
}
