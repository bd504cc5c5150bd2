import { openBox, sealBox, valueAtPath, withValueAt, type SubjectKey } from '@pi/event-store';
import type { BlindIndex } from './blind-index.js';
import type { SealedFields } from './sealed-fields.js';

type Json = Record<string, unknown>;

/** Where a document keeps its sealed values: one box per subject. */
export const SEALED_FIELD = '_sealed';

export interface DocumentEnvelope {
  /** The subject. */
  s: string;
  /** The paths sealed (names of fields, never values). */
  p: string[];
  /** Each path's kind (`s` text, `a` list, `o` object, `v` other): what it reads as once its key is destroyed. */
  k: string;
  /** base64 of iv ‖ ciphertext ‖ tag (AES-256-GCM of `{ path: value }`, bound to the read model, document and subject). */
  c: string;
}

const kindOf = (value: unknown) =>
  typeof value === 'string' ? 's' : Array.isArray(value) ? 'a' : typeof value === 'object' ? 'o' : 'v';

/** What a value of this kind reads as once erased. */
function erasedOfKind(kind: string, erasedValue: string): unknown {
  return kind === 's' ? erasedValue : kind === 'a' ? [] : kind === 'o' ? {} : null;
}

const boundTo = (readModel: string, id: string, subject: string) => `${readModel}\u0000${id}\u0000${subject}`;

/** The subjects whose keys sealing this document needs (those whose values it holds). */
export function subjectsToSeal<D extends object>(doc: D, fields: SealedFields<D>): string[] {
  const found: string[] = [];
  for (const group of fields.groups) {
    const subject = group.subject(doc);
    if (subject && group.paths.some((path) => valueAtPath(doc, path) != null)) found.push(subject);
  }
  return found;
}

/**
 * The document as stored: each subject's values taken out into one box sealed with its key (an erased subject's
 * values are written as erased), and each blind path holding the keyed indexes of its value instead.
 */
export function sealDocument<D extends object>(
  doc: D,
  readModel: string,
  fields: SealedFields<D>,
  keys: ReadonlyMap<string, SubjectKey>,
  index: BlindIndex,
  erasedValue: string,
): Json {
  const id = String((doc as Json).id);
  let stored = { ...(doc as Json) };
  const readsAs = new Map<string, unknown>();
  const envelopes: DocumentEnvelope[] = [];
  for (const group of fields.groups) {
    const subject = group.subject(doc);
    if (!subject) continue;
    const values: Json = {};
    for (const path of group.paths) {
      const value = valueAtPath(stored, path);
      if (value === undefined || value === null) continue;
      values[path] = value;
      stored = withValueAt(stored, path, undefined);
    }
    const paths = Object.keys(values);
    if (paths.length === 0) continue;
    const key = keys.get(subject);
    if (key === undefined) throw new Error(`No data key was fetched for ${subject}.`);
    if (key === 'destroyed') {
      for (const path of paths) {
        const erased = erasedOfKind(kindOf(values[path]), erasedValue);
        readsAs.set(path, erased);
        stored = withValueAt(stored, path, erased);
      }
      continue;
    }
    for (const path of paths) readsAs.set(path, values[path]);
    const box = sealBox(key, Buffer.from(JSON.stringify(values), 'utf8'), boundTo(readModel, id, subject));
    envelopes.push({
      s: subject,
      p: paths,
      k: paths.map((path) => kindOf(values[path])).join(''),
      c: box.toString('base64'),
    });
  }
  for (const [path, kind] of Object.entries(fields.blind ?? {}))
    if (readsAs.has(path)) stored = withValueAt(stored, path, index.stored(readsAs.get(path), kind));
  return envelopes.length > 0 ? { ...stored, [SEALED_FIELD]: envelopes } : stored;
}

export function envelopesOf(stored: object): readonly DocumentEnvelope[] {
  const envelopes = (stored as Json)[SEALED_FIELD];
  return Array.isArray(envelopes) ? (envelopes as DocumentEnvelope[]) : [];
}

/** The document as its projection wrote it: every box opened, or its paths read as erased when the key is destroyed. */
export function openDocument<D extends object>(
  stored: object,
  readModel: string,
  keys: ReadonlyMap<string, SubjectKey>,
  erasedValue: string,
): D {
  const envelopes = envelopesOf(stored);
  if (envelopes.length === 0) return stored as D;
  const id = String((stored as Json).id);
  let doc = withValueAt(stored as Json, SEALED_FIELD, undefined);
  for (const envelope of envelopes) {
    const key = keys.get(envelope.s);
    if (key === undefined) throw new Error(`No data key was fetched for ${envelope.s}.`);
    if (key === 'destroyed') {
      envelope.p.forEach((path, i) => (doc = withValueAt(doc, path, erasedOfKind(envelope.k[i] ?? 's', erasedValue))));
      continue;
    }
    const values = JSON.parse(
      openBox(key, Buffer.from(envelope.c, 'base64'), boundTo(readModel, id, envelope.s)).toString('utf8'),
    ) as Json;
    for (const path of envelope.p) doc = withValueAt(doc, path, values[path]);
  }
  return doc as D;
}
