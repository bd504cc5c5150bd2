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

  it('signs at most 24 hours and refuses a token that claims to live longer or to come from the future', async () => {
    const now = Date.now();
    const codec = new JwtCodec(secret, () => now);
    expect(() => codec.sign(claims, 25 * 3600)).toThrow(RangeError);
    const future = await new JwtCodec(secret, () => now + 3600_000).sign(claims, 600);
    await expect(codec.verify(future)).rejects.toMatchObject({ reason: expect.stringMatching(/future/) });
  });

  it('signs operator tokens that name no practice', async () => {
    const codec = new JwtCodec(secret);
    expect(await codec.verify(await codec.sign({ operatorId: 'op-1' }))).toEqual({
      staffId: 'op-1',
      practiceId: 'platform',
      roles: [],
      operator: true,
    });
  });

  it('reads lifetimes as the token script takes them', async () => {
    const { parseLifetime } = await import('./jwt.js');
    expect([
      parseLifetime('90m'),
      parseLifetime('12h'),
      parseLifetime('1d'),
      parseLifetime('30'),
      parseLifetime('100y'),
    ]).toEqual([5400, 43200, 86400, 30, null]);
  });
});
