import { describe, expect, it } from 'vitest';
import { clientNetwork, IpRateLimiter } from './ip-limits.js';

describe('per-network limits', () => {
  it('counts an IPv6 client by its /64, whatever the spelling', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4 client, mapped or not, by its address', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('limits a client rotating through its /64 as one', () => {
    const limiter = new IpRateLimiter(3, 3_600_000, { now: () => new Date() });
    const answers = [1, 2, 3, 4].map((n) => limiter.take(`2001:db8:1:2::${n}`));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThan(0);
    expect(limiter.take('2001:db8:1:3::1')).toBeNull();
  });
});
