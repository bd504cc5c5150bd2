import { describe, expect, it } from 'vitest';
import { InvalidToken, JwtCodec } from './jwt.js';

const secret = 's'.repeat(48);
const claims = { staffId: 'staff-1', practiceId: 'practice-1', roles: ['admin' as const] };

describe('JWT codec', () => {
  it('verifies what it signed', async () => {
    const codec = new JwtCodec(secret);
    expect(await codec.verify(await codec.sign(claims))).toEqual(claims);
  });

  it('stops accepting a cached token once it has expired', async () => {
    let now = Date.now();
    const codec = new JwtCodec(secret, () => now);
    const token = await codec.sign(claims, 2);
    expect(await codec.verify(token)).toEqual(claims);
    now += 5_000;
    await expect(codec.verify(token)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('never accepts a token with a changed signature, even after the original was cached', async () => {
    const codec = new JwtCodec(secret);
    const token = await codec.sign(claims);
    await codec.verify(token);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(codec.verify(tampered)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await new JwtCodec('o'.repeat(48)).sign(claims);
    await expect(new JwtCodec(secret).verify(token)).rejects.toBeInstanceOf(InvalidToken);
  });
});
