import { createHash } from 'node:crypto';
import type { Clock } from '../infrastructure/tokens.js';

/**
 * Per-IP limits on the public sign-up, next to the per-phone limits in the
 * log: one address cannot spray codes at many numbers or guess at many
 * codes. Kept in this process's memory (a restart forgets them; several API
 * processes each keep their own), keyed by a hash of the address.
 */
export class IpRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts a hit; null when allowed, otherwise the seconds to wait. */
  take(ip: string): number | null {
    const key = createHash('sha256').update(clientNetwork(ip)).digest('base64url').slice(0, 22);
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return null;
  }
}

/** Codes texted per IP per hour, and code checks per IP per hour. */
export const IP_LIMITS = { codesPerHour: 10, checksPerHour: 30 } as const;

/**
 * One budget per network for every page that texts or checks a code (signup
 * and the patients' sign-in): an address cannot double it by using both.
 */
export class NetworkLimits {
  readonly codes: IpRateLimiter;
  readonly checks: IpRateLimiter;

  constructor(clock: Clock) {
    this.codes = new IpRateLimiter(IP_LIMITS.codesPerHour, 3600_000, clock);
    this.checks = new IpRateLimiter(IP_LIMITS.checksPerHour, 3600_000, clock);
  }
}

/**
 * What one client controls: an IPv4 address, or an IPv6 /64 (a single host
 * is handed a whole /64 and can rotate through it at will). IPv4-mapped IPv6
 * addresses count as their IPv4 address.
 */
export function clientNetwork(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.split('%')[0].split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
