import { describe, expect, it } from 'vitest';
import { InMemoryDocumentStore } from '@pi/read-store/memory';
import { clientNetwork, IpRateLimiter, RATE_LIMIT_COLLECTION, RATE_LIMIT_INDEXES } from './ip-limits.js';

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

  const clock = { now: () => new Date() };
  const freshStore = async () => {
    const store = new InMemoryDocumentStore();
    await store.ensureCollection(RATE_LIMIT_COLLECTION, RATE_LIMIT_INDEXES);
    return store;
  };

  it('limits a client rotating through its /64 as one', async () => {
    const limiter = new IpRateLimiter('codes', 3, 3_600_000, clock, await freshStore());
    const answers = [];
    for (const n of [1, 2, 3, 4]) answers.push(await limiter.take(`2001:db8:1:2::${n}`));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThan(0);
    expect(await limiter.take('2001:db8:1:3::1')).toBeNull();
  });

  it('keeps one budget for every API process that shares the store, and one per kind of attempt', async () => {
    const store = await freshStore();
    const [a, b] = [
      new IpRateLimiter('codes', 3, 3_600_000, clock, store),
      new IpRateLimiter('codes', 3, 3_600_000, clock, store),
    ];
    expect([await a.take('203.0.113.9'), await b.take('203.0.113.9'), await a.take('203.0.113.9')]).toEqual([
      null,
      null,
      null,
    ]);
    expect(await b.take('203.0.113.9')).toBeGreaterThan(0);
    expect(await new IpRateLimiter('checks', 3, 3_600_000, clock, store).take('203.0.113.9')).toBeNull();
  });

  it('counts only the hits inside the window', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const moving = { now: () => new Date(now) };
    const limiter = new IpRateLimiter('codes', 2, 3_600_000, moving, await freshStore());
    await limiter.take('203.0.113.10');
    await limiter.take('203.0.113.10');
    expect(await limiter.take('203.0.113.10')).toBe(3600);
    now += 3_600_001;
    expect(await limiter.take('203.0.113.10')).toBeNull();
  });
});
