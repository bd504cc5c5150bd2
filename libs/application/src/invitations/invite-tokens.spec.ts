import { describe, expect, it } from 'vitest';
import { InviteTokens } from './invite-tokens.js';

describe('invitation tokens', () => {
  it('are unguessable, recognised by their hash, and recoverable only with the server secret', () => {
    const tokens = new InviteTokens('s'.repeat(48));
    const a = tokens.issue();
    const b = tokens.issue();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.token).not.toBe(b.token);
    expect(InviteTokens.hash(a.token)).toBe(a.tokenHash);
    expect(a.sealedToken).not.toContain(a.token);
    expect(tokens.unseal(a.sealedToken)).toBe(a.token);
    expect(() => new InviteTokens('o'.repeat(48)).unseal(a.sealedToken)).toThrow();
  });
});
