/**
 * Whether a secret set by hand can be trusted to be secret: not an example
 * published somewhere (a compose file, a workflow, a tutorial), not a pattern.
 * Only ever says why, never the secret.
 */

/** Words that make up written-out placeholders ("change-me-to-32-random-bytes-or-more"): two of them give one away. */
const PLACEHOLDER_WORDS = [
  'change',
  'secret',
  'example',
  'placeholder',
  'password',
  'only',
  'bytes',
  'random',
  'more',
  'least',
  'thirty',
  'keys',
  'data',
  'test',
  'demo',
  'default',
  'todo',
  'replace',
  'your',
  'token',
  'signing',
  'here',
];

/** Bits a secret could hold at most, judged by how varied its characters are (Shannon entropy × length). */
export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  return perChar * length;
}

/** At least what 16 random bytes give; 32 random bytes in hex or base64 estimate at 200 and more. */
export const MIN_SECRET_BITS = 128;

/** Why this secret cannot be trusted, or null. */
export function weakSecret(secret: string): 'placeholder' | 'regular' | null {
  const lower = secret.toLowerCase();
  if (PLACEHOLDER_WORDS.filter((word) => lower.includes(word)).length >= 2) return 'placeholder';
  if (estimatedBits(secret) < MIN_SECRET_BITS) return 'regular';
  return null;
}

export const MAKE_A_SECRET = 'make one with `openssl rand -base64 32`';
