import { createHash, randomBytes } from 'node:crypto';
import { SealedBox } from '../runtime/sealed-box.js';

/**
 * Invitation tokens: 16 random bytes (128 bits, 22 characters: short enough for one SMS), carried as `?i=` on the link. The log
 * keeps a hash (to recognise the token) and a copy sealed with AES-256-GCM
 * under a key derived from the server secret (so delivery can build the URL);
 * never the token itself.
 */
export class InviteTokens {
  private readonly box: SealedBox;

  constructor(serverSecret: string) {
    this.box = new SealedBox(serverSecret, 'invite-token-seal');
  }

  issue(): { token: string; tokenHash: string; sealedToken: string } {
    const token = randomBytes(16).toString('base64url');
    return { token, tokenHash: InviteTokens.hash(token), sealedToken: this.seal(token) };
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  seal(token: string): string {
    return this.box.seal(token);
  }

  unseal(sealedToken: string): string {
    return this.box.unseal(sealedToken);
  }
}
