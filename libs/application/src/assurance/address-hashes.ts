import { createHmac } from 'node:crypto';
import { normalEmail } from '@pi/domain';
import { legacyEmailHash, legacyPhoneHash } from '@pi/projections';

/** A phone's or an address's hashes: the keyed one new data uses, and the bare one data from before may hold. */
export interface AddressHash {
  keyed: string;
  legacy: string;
}

/** The key of address hashes, from the data-keys root under its own label (no other key). */
export function addressHashKey(dataKeys: string): Buffer {
  return createHmac('sha256', dataKeys).update('address-hash').digest();
}

/**
 * Phones and email addresses appear in stream names, delivery records, read-model ids and answers only as
 * keyed hashes (HMAC-SHA-256 under a purpose key): without the key, trying every number of an area code
 * recovers nothing. `k` starts every keyed hash, so one is never mistaken for a bare hash from before.
 */
export class AddressHashes {
  constructor(private readonly key: Buffer) {}

  private hash(text: string): string {
    return `k${createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 22)}`;
  }

  phone(e164: string): AddressHash {
    return { keyed: this.hash(`phone:${e164}`), legacy: legacyPhoneHash(e164) };
  }

  email(email: string): AddressHash {
    return { keyed: this.hash(`email:${normalEmail(email)}`), legacy: legacyEmailHash(email) };
  }
}
