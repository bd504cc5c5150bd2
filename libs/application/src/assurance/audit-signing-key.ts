import { createHash, createHmac, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { ChainSigner } from '@pi/projections';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The key that signs identity-audit exports (Ed25519), derived from the data
 * keys' root for its own purpose: the same in every process, apart from the
 * token key. Its public half is served to auditors, who check a file with
 * `npm run audit:verify -- <file> --public-key <pem>`.
 */
export class AuditSigningKey implements ChainSigner {
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(dataKeysSecret: string) {
    const seed = createHmac('sha256', dataKeysSecret).update('audit-signing').digest();
    this.privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    this.keyId = createHash('sha256')
      .update(publicKey.export({ format: 'der', type: 'spki' }))
      .digest('base64url')
      .slice(0, 12);
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message), this.privateKey).toString('base64url');
  }
}
