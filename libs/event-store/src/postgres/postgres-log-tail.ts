import { matcherOf } from '../event-filter.js';
import type { EventFilter, Position, RecordedEvent } from '../event-store.port.js';

/**
 * The newest part of the log, read once for every live subscriber of this
 * process: a commit wakes them all at once, and one query (not one per
 * subscriber) fetches what is new. It covers every event in (from, head]
 * with no gap, because it reads the log unfiltered in position order and
 * positions are drawn in commit order. A subscriber behind `from` reads SQL.
 */
export class PostgresLogTail {
  private events: RecordedEvent[] = [];
  private from: Position | null = null;
  private head: Position | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** False when the last read stopped short (an unreadable event, a lost connection): the log may go on past `head`. */
  private complete = true;

  constructor(
    /** Events after a position, in order, up to the first that cannot be read. */
    private readonly readAfter: (after: Position, limit: number) => Promise<RecordedEvent[]>,
    private readonly currentHead: () => Promise<Position>,
    private readonly capacity = 4096,
  ) {}

  /**
   * Reads what is new; callers arriving during a read get one more pass, so
   * none misses a commit it was woken by. Never throws: a read that fails
   * leaves the tail incomplete, and subscribers past it read on their own.
   */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.readOnce();
          this.complete = true;
        } catch {
          this.complete = false;
        }
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async readOnce(): Promise<void> {
    if (this.head === null) {
      this.head = await this.currentHead();
      this.from = this.head;
    }
    for (;;) {
      const page = await this.readAfter(this.head, 1000);
      if (page.length === 0) return;
      this.events.push(...page);
      this.head = page[page.length - 1].position;
      if (this.events.length > 2 * this.capacity) {
        const dropped = this.events.length - this.capacity;
        this.from = this.events[dropped - 1].position;
        this.events = this.events.slice(dropped);
      }
      if (page.length < 1000) return;
    }
  }

  /** Up to `limit` events after `after` and how far they were scanned, when the tail covers `after`; else null. */
  after(
    after: Position,
    limit: number,
    filter?: EventFilter,
  ): { events: RecordedEvent[]; checkpoint: Position } | null {
    if (this.from === null || this.head === null || after < this.from || after > this.head) return null;
    const matches = filter ? matcherOf(filter) : () => true;
    const events: RecordedEvent[] = [];
    const start = this.events.findIndex((event) => event.position > after);
    if (start === -1) return this.complete ? { events, checkpoint: this.head } : null;
    for (let i = start; i < this.events.length; i++) {
      const event = this.events[i];
      if (!matches(event)) continue;
      events.push(event);
      if (events.length === limit) return { events, checkpoint: event.position };
    }
    return this.complete || events.length ? { events, checkpoint: this.head } : null;
  }
}
