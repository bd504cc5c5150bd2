import type { Position } from '@pi/event-store';

export interface CachedAggregate<S> {
  state: S;
  revision: number;
  /** Position of the stream's last event, or null for a stream that does not exist. */
  position: Position | null;
  /** The store's change token when this state was last known current (see Freshness.changeToken). */
  token?: number | null;
}

/**
 * Keeps recently used aggregate states so a command reads only the events
 * appended since (usually none) instead of the whole stream. A bounded LRU:
 * a hit is a starting point; the stream is read from there on unless the
 * store says no other writer has committed since the state was known current.
 */
export class AggregateCache {
  private readonly entries = new Map<string, CachedAggregate<unknown>>();

  constructor(private readonly capacity = 10_000) {}

  get<S>(streamId: string): CachedAggregate<S> | undefined {
    const entry = this.entries.get(streamId);
    if (!entry) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry as CachedAggregate<S>;
  }

  set<S>(streamId: string, entry: CachedAggregate<S>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
