import { matcherOf } from '../event-filter.js';
import type { EventFilter, Position, RecordedEvent } from '../event-store.port.js';

/**
 * The events this process committed last, in position order, with no gap.
 * Live subscribers woken by a commit of this process read them from here
 * instead of querying and parsing them again.
 *
 * The run is kept gap-free: an append whose first position does not follow
 * the last one kept (another process wrote in between) starts a new run, and
 * a subscriber whose checkpoint is before the run falls back to SQL. Inside
 * this adapter positions are SQLite rowids, which AUTOINCREMENT assigns
 * consecutively to committed rows, so "follows" may be checked with + 1.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];

  constructor(private readonly capacity = 4096) {}

  add(appended: readonly RecordedEvent[]): void {
    const first = appended[0];
    const last = this.events.at(-1);
    if (!first) return;
    if (!last || first.position !== last.position + 1n) this.events = [];
    this.events.push(...appended);
    // Trim in halves, not one by one: copying the run on every commit would cost O(capacity) each time.
    if (this.events.length > 2 * this.capacity) this.events = this.events.slice(this.events.length - this.capacity);
  }

  /**
   * Events after `after`, when the run covers everything after it (null
   * otherwise), with the position scanned up to.
   */
  after(
    after: Position,
    limit: number,
    filter?: EventFilter,
  ): { events: RecordedEvent[]; checkpoint: Position } | null {
    const first = this.events[0];
    const last = this.events.at(-1);
    if (!first || !last || after < first.position - 1n || after > last.position) return null;
    const matches = filter ? matcherOf(filter) : () => true;
    const events: RecordedEvent[] = [];
    let checkpoint = after;
    for (let i = Number(after - first.position + 1n); i < this.events.length; i++) {
      const event = this.events[i];
      checkpoint = event.position;
      if (!matches(event)) continue;
      events.push(event);
      if (events.length === limit) break;
    }
    return { events, checkpoint };
  }
}
