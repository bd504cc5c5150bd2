import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent } from '@pi/event-store';

/** A step of a story: an event's type and data, and when it happened. */
export interface Step {
  type: string;
  data: object;
  at: number;
}

/**
 * Writes a generated history: a seeded pseudo-random source (every run writes
 * the same mix) and appends gathered 2,000 at a time, so the store's group
 * commit writes them together.
 */
export class HistoryLog {
  readonly byType: Record<string, number> = {};
  written = 0;
  private pending: { streamId: string; events: NewEvent[] }[] = [];
  private state: number;

  constructor(
    private readonly store: EventStore,
    seed: number,
    private readonly onProgress?: (written: number) => void,
  ) {
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform in [0, 1). */
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  async emit(streamId: string, practiceId: string, actor: string, steps: readonly Step[]): Promise<void> {
    const events = steps.map(({ type, data, at }): NewEvent => {
      this.byType[type] = (this.byType[type] ?? 0) + 1;
      const metadata: EventMetadata = {
        practiceId,
        actor,
        correlationId: streamId,
        causationId: streamId,
        occurredAt: new Date(at).toISOString(),
      };
      return { id: randomUUID(), type, data, metadata };
    });
    this.written += events.length;
    this.pending.push({ streamId, events });
    if (this.pending.length >= 2000) await this.flush();
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending.map(({ streamId, events }) => this.store.append(streamId, events, 'any')));
    this.pending = [];
    this.onProgress?.(this.written);
  }
}
