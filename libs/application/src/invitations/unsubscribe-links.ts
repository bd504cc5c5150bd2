import { SealedBox } from '../runtime/sealed-box.js';

/**
 * The one-click unsubscribe link of an email: `PUBLIC_BASE_URL/p/unsubscribe?t=…`,
 * the practice and the address sealed (AES-256-GCM) under a key of its own, so
 * the link names no address and cannot be made for another one.
 */
export class UnsubscribeLinks {
  private readonly box: SealedBox;

  constructor(
    serverSecret: string,
    private readonly publicBaseUrl: string,
  ) {
    this.box = new SealedBox(serverSecret, 'email-unsubscribe');
  }

  link(practiceId: string, email: string): string {
    return `${this.publicBaseUrl}/p/unsubscribe?t=${this.box.seal(JSON.stringify([practiceId, email]))}`;
  }

  /** The practice and address a link's token names, or null for a token this server did not make. */
  read(token: unknown): { practiceId: string; email: string } | null {
    if (typeof token !== 'string' || token.length > 2000) return null;
    try {
      const [practiceId, email] = JSON.parse(this.box.unseal(token)) as unknown[];
      return typeof practiceId === 'string' && typeof email === 'string' ? { practiceId, email } : null;
    } catch {
      return null;
    }
  }
}
