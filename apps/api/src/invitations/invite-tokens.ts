import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Invitation tokens: 16 random bytes (128 bits, 22 characters: short enough for one SMS), carried as `?i=` on the link. The log
 * keeps a hash (to recognise the token) and a copy sealed with AES-256-GCM
 * under a key derived from the server secret (so delivery can build the URL);
 * never the token itself.
 */
export class InviteTokens {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = createHmac('sha256', serverSecret).update('invite-token-seal').digest();
  }

  issue(): { token: string; tokenHash: string; sealedToken: string } {
    const token = randomBytes(16).toString('base64url');
    return { token, tokenHash: InviteTokens.hash(token), sealedToken: this.seal(token) };
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  unseal(sealedToken: string): string {
    const raw = Buffer.from(sealedToken, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
