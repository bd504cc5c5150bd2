import { createHash, randomUUID } from 'node:crypto';
import type { DocumentStore } from '@pi/read-store';
import type { Clock } from '@pi/application';

/** Where the hits of every API process are kept, so the budget is one whatever process answers. */
export const RATE_LIMIT_COLLECTION = 'rate-limit-hits';
export const RATE_LIMIT_INDEXES = [{ fields: ['key', 'at'] }];

interface Hit {
  id: string;
  key: string;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * Per-IP limits on the public sign-up, next to the per-phone limits in the
 * log: one address cannot spray codes at many numbers or guess at many
 * codes. The hits live in the document store that every API process shares
 * (several processes keep one budget; a restart forgets nothing), keyed by a
 * hash of the address, never the address. Two processes counting the same
 * moment may let one or two hits past the limit; never more.
 */
export class IpRateLimiter {
  private takes = 0;

  constructor(
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly store: DocumentStore,
  ) {}

  /** Counts a hit; null when allowed, otherwise the seconds to wait. */
  async take(ip: string): Promise<number | null> {
    const key = `${this.name}:${createHash('sha256').update(clientNetwork(ip)).digest('base64url').slice(0, 22)}`;
    const now = this.clock.now().getTime();
    const { items } = await this.store.find<Hit>(RATE_LIMIT_COLLECTION, {
      where: { key, at: { $gt: now - this.windowMs } },
      sort: { field: 'at', direction: 'asc' },
      limit: this.limit,
    });
    if (items.length >= this.limit) return Math.max(1, Math.ceil((items[0].at + this.windowMs - now) / 1000));
    const id = randomUUID();
    await this.store.commit([{ collection: RATE_LIMIT_COLLECTION, id, doc: { id, key, at: now } satisfies Hit }]);
    if (++this.takes % 100 === 0) await this.forgetOld(now);
    return null;
  }

  /** Hits older than the window count for nothing: drop a batch of them now and then. */
  private async forgetOld(now: number): Promise<void> {
    const { items } = await this.store.find<Hit>(RATE_LIMIT_COLLECTION, {
      where: { key: { $prefix: `${this.name}:` }, at: { $lte: now - this.windowMs } },
      limit: 500,
    });
    await this.store.commit(items.map((hit) => ({ collection: RATE_LIMIT_COLLECTION, id: hit.id, doc: null })));
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

  constructor(clock: Clock, store: DocumentStore) {
    this.codes = new IpRateLimiter('codes', IP_LIMITS.codesPerHour, 3600_000, clock, store);
    this.checks = new IpRateLimiter('checks', IP_LIMITS.checksPerHour, 3600_000, clock, store);
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
