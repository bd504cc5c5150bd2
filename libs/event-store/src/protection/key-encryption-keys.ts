import { createHash, createHmac } from 'node:crypto';

/** A key-encryption key and the id stored beside every data key it wraps. */
export interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/** The KEKs of a process: the current one wraps new data keys; previous ones still unwrap until a re-wrap. */
export interface KeyEncryptionKeys {
  current: KeyEncryptionKey;
  previous: readonly KeyEncryptionKey[];
}

/** A 256-bit KEK from a secret of any length; its id is a short hash of the key (it reveals nothing). */
export function keyEncryptionKeyFrom(secret: string): KeyEncryptionKey {
  const key = createHmac('sha256', secret).update('key-encryption-key').digest();
  return { id: `kek-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key };
}

/** The first secret is the current KEK; the others are previous ones. */
export function keyEncryptionKeysFrom(secrets: readonly string[]): KeyEncryptionKeys {
  if (secrets.length === 0) throw new Error('At least one key-encryption key is needed.');
  const [current, ...previous] = secrets.map(keyEncryptionKeyFrom);
  return { current: current, previous: previous.filter((kek) => kek.id !== current.id) };
}
