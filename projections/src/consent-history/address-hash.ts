import { createHash } from 'node:crypto';
import { normalEmail } from '@pi/domain';

/**
 * The unkeyed hashes versions before keyed hashes wrote into consent stream names and delivery records.
 * Only ever computed to find what a data directory from before holds (a bare hash of a phone number is
 * reversed by trying every number of its area code); new data is hashed with a key (AddressHashes).
 */
export function legacyPhoneHash(e164: string): string {
  return createHash('sha256').update(e164).digest('base64url').slice(0, 22);
}

/** An email address, without case or surrounding spaces, hashed like a phone (legacy; see legacyPhoneHash). */
export function legacyEmailHash(email: string): string {
  return createHash('sha256')
    .update(`email:${normalEmail(email)}`)
    .digest('base64url')
    .slice(0, 22);
}
