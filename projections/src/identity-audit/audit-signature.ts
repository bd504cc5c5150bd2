import { createPublicKey, verify } from 'node:crypto';
import type { ExportRow } from './export-row.js';

/** Signs the chain head of an export with the practice platform's audit key (Ed25519). */
export interface ChainSigner {
  keyId: string;
  /** base64url Ed25519 signature of the message. */
  sign(message: string): string;
}

/** What the signature covers: the practice, how many records, and the hash every record is chained into. */
export function signedMessage(practiceId: string, records: number, chainHead: string): string {
  return `patient-invites identity audit|${practiceId}|${records}|${chainHead}`;
}

export type SignatureVerdict = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Checks the closing row's signature over the chain head with the audit public
 * key. A file re-chained after a record was changed, removed or added has
 * another head, and only the key's holder can sign one.
 */
export function verifyChainSignature(rows: readonly ExportRow[], publicKeyPem: string): SignatureVerdict {
  const opening = rows[0];
  const closing = rows.at(-1);
  if (!opening || !closing || rows.length < 2)
    return { ok: false, reason: 'the export has no opening and closing rows' };
  let details: { records?: unknown; chainHead?: unknown; keyId?: unknown; signature?: unknown };
  let practiceId: unknown;
  try {
    details = JSON.parse(closing.details) as typeof details;
    practiceId = (JSON.parse(opening.details) as { practiceId?: unknown }).practiceId;
  } catch {
    return { ok: false, reason: 'the opening or closing row is not readable' };
  }
  if (typeof details.signature !== 'string' || typeof details.chainHead !== 'string')
    return { ok: false, reason: 'the export is not signed' };
  if (details.chainHead !== closing.prevHash)
    return { ok: false, reason: 'the signed chain head is not the head of this chain: the file was re-chained' };
  const message = signedMessage(String(practiceId), Number(details.records), details.chainHead);
  let valid: boolean;
  try {
    valid = verify(
      null,
      Buffer.from(message),
      createPublicKey(publicKeyPem),
      Buffer.from(details.signature, 'base64url'),
    );
  } catch {
    return { ok: false, reason: 'the public key is not an Ed25519 key in PEM' };
  }
  if (!valid)
    return { ok: false, reason: 'the signature does not match: the file was re-chained, or signed by another key' };
  return { ok: true, keyId: String(details.keyId) };
}
