import { open, seal } from './aes-gcm.js';
import { valueAtPath, withValueAt } from './value-paths.js';

/**
 * How sealed values sit in an event's data: the personal values are taken out
 * and replaced by one envelope, `$pii: { s, p, c }` — the subject whose key
 * sealed them, the paths they came from (names of fields, never values) and
 * the AES-256-GCM box of `{ path: value }`, bound to the event's id.
 */
export const SEALED = '$pii';

export interface Envelope {
  /** The subject. */
  s: string;
  /** The paths sealed. */
  p: string[];
  /** base64 of iv ‖ ciphertext ‖ tag. */
  c: string;
}

type Json = Record<string, unknown>;

/** Seals the values at these paths (absent and null ones stay as they are); the data itself is not changed. */
export function sealValues(
  data: unknown,
  paths: readonly string[],
  subject: string,
  key: Buffer,
  eventId: string,
): unknown {
  if (data === null || typeof data !== 'object') return data;
  const values: Json = {};
  let sealed = data as Json;
  for (const path of paths) {
    const value = valueAtPath(sealed, path);
    if (value === undefined || value === null) continue;
    values[path] = value;
    sealed = withValueAt(sealed, path, undefined);
  }
  const sealedPaths = Object.keys(values);
  if (sealedPaths.length === 0) return data;
  const box = seal(key, Buffer.from(JSON.stringify(values), 'utf8'), `${eventId}\u0000${subject}`);
  const envelope: Envelope = { s: subject, p: sealedPaths, c: box.toString('base64') };
  return { ...sealed, [SEALED]: envelope };
}

export function envelopeOf(data: unknown): Envelope | null {
  if (data === null || typeof data !== 'object') return null;
  const envelope = (data as Json)[SEALED];
  return envelope && typeof envelope === 'object' ? (envelope as Envelope) : null;
}

/** Puts the sealed values back, or `erasedValue` at each sealed path when the key was destroyed. */
export function openValues(data: unknown, key: Buffer | 'destroyed', eventId: string, erasedValue: string): unknown {
  const envelope = envelopeOf(data);
  if (!envelope) return data;
  let opened = withValueAt(data as Json, SEALED, undefined);
  const values: Json =
    key === 'destroyed'
      ? Object.fromEntries(envelope.p.map((path) => [path, erasedValue]))
      : (JSON.parse(
          open(key, Buffer.from(envelope.c, 'base64'), `${eventId}\u0000${envelope.s}`).toString('utf8'),
        ) as Json);
  for (const path of envelope.p) opened = withValueAt(opened, path, values[path]);
  return opened;
}
