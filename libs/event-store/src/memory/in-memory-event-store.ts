import { matcherOf } from '../event-filter.js';
import { CommitSignal } from '../commit-signal.js';
import { WrongExpectedRevision } from '../event-store.errors.js';
import {
  START,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type LogHead,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type StreamAppend,
  type SubscriptionBatch,
} from '../event-store.port.js';
import { checkStreamAppends } from '../stream-appends.js';
import { UpcasterRegistry } from '../upcasters.js';

interface Stored {
  event: NewEvent;
  streamId: string;
  revision: number;
  position: Position;
  recordedAt: string;
}

/**
 * The data of an in-memory log: shared by every store opened on it, as a file
 * is by every connection (so a "restart" is a new store on the same log).
 */
export class InMemoryLog {
  readonly events: Stored[] = [];
  readonly streams = new Map<string, Stored[]>();
  readonly byId = new Map<string, Stored>();
  readonly signal = new CommitSignal();
}

function matches(filter: EventFilter | undefined, stored: Stored): boolean {
  return (
    !filter ||
    matcherOf(filter)({ type: stored.event.type, streamId: stored.streamId, metadata: stored.event.metadata })
  );
}

/**
 * The event store port in memory: the reference adapter the contract suite
 * holds every other one to, and a store for tests that need no file. Appends
 * (to one stream or several) are atomic per call (JavaScript runs one at a time); positions are 1, 2, 3…
 * but callers must not rely on that. Nothing survives the process.
 */
export class InMemoryEventStore implements EventStore {
  private readonly upcasters: UpcasterRegistry;

  constructor(
    private readonly log = new InMemoryLog(),
    options: { upcasters?: UpcasterRegistry; now?: () => Date; pollIntervalMs?: number } = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  private readonly now: () => Date;
  private readonly pollIntervalMs: number;

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.write([{ streamId, events, expected }])[0];
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkStreamAppends(appends);
    return this.write(appends);
  }

  /** Checks every part, then writes them all: one step, nothing runs in between. */
  private write(appends: readonly StreamAppend[]): AppendResult[] {
    const replays = appends.map((part) => this.replayOf(part));
    appends.forEach((part, i) => {
      if (replays[i]) return;
      const stream = this.log.streams.get(part.streamId) ?? [];
      const actual = stream.length === 0 ? null : stream.length - 1;
      const { expected } = part;
      const ok = expected === 'any' || (expected === 'no_stream' ? actual === null : expected === actual);
      if (!ok) throw new WrongExpectedRevision(part.streamId, expected, actual);
    });
    const recordedAt = this.now().toISOString();
    const results = appends.map((part, i) => replays[i] ?? this.store(part, recordedAt));
    if (replays.some((replay) => replay === null)) this.log.signal.notify();
    return results;
  }

  /** The same events again (a retried append): the answer of the first time, and nothing to store. */
  private replayOf({ streamId, events }: StreamAppend): AppendResult | null {
    const already = events.map((event) => this.log.byId.get(event.id));
    if (events.length === 0 || !already.every((stored) => stored?.streamId === streamId)) return null;
    const last = already.at(-1)!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private store({ streamId, events }: StreamAppend, recordedAt: string): AppendResult {
    const stream = this.log.streams.get(streamId) ?? [];
    for (const event of events) {
      const stored: Stored = {
        event: structuredClone(event),
        streamId,
        revision: stream.length,
        position: BigInt(this.log.events.length + 1),
        recordedAt,
      };
      stream.push(stored);
      this.log.events.push(stored);
      this.log.byId.set(event.id, stored);
    }
    this.log.streams.set(streamId, stream);
    const last = stream.at(-1);
    return { nextExpectedRevision: last ? last.revision : -1, position: last ? last.position : START };
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}) {
    const from = options.fromRevision ?? 0;
    const stream = this.log.streams.get(streamId) ?? [];
    return stream.slice(from, from + (options.maxCount ?? stream.length)).map((stored) => this.recorded(stored));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.scan(options.after ?? START, options.filter, options.maxCount ?? Infinity).events;
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    let checkpoint = options.after ?? START;
    const batchSize = options.batchSize ?? 500;
    while (!options.signal?.aborted) {
      const waiting = this.log.signal.prepare(this.pollIntervalMs, options.signal);
      const batch = this.scan(checkpoint, options.filter, batchSize);
      if (batch.scannedTo > checkpoint) {
        checkpoint = batch.scannedTo;
        yield { events: batch.events, checkpoint };
        continue;
      }
      await waiting.wait();
    }
  }

  async head(): Promise<LogHead | null> {
    const last = this.log.events.at(-1);
    return last ? { position: last.position, recordedAt: last.recordedAt } : null;
  }

  async countAfter(position: Position): Promise<number | null> {
    return this.log.events.filter((stored) => stored.position > position).length;
  }

  async close(): Promise<void> {}

  /** Events after `after` that pass the filter, up to `max`, and how far the log was read to find them. */
  private scan(after: Position, filter: EventFilter | undefined, max: number) {
    const events: RecordedEvent[] = [];
    let scannedTo = after;
    // Positions are 1-based indexes here: start right after `after`.
    for (let i = Number(after); i < this.log.events.length && events.length < max; i++) {
      const stored = this.log.events[i];
      scannedTo = stored.position;
      if (matches(filter, stored)) events.push(this.recorded(stored));
    }
    return { events, scannedTo };
  }

  private recorded(stored: Stored): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(
      stored.event.type,
      stored.event.schemaVersion ?? 1,
      structuredClone(stored.event.data),
    );
    return {
      id: stored.event.id,
      type: stored.event.type,
      data,
      schemaVersion,
      metadata: structuredClone(stored.event.metadata),
      streamId: stored.streamId,
      revision: stored.revision,
      position: stored.position,
      recordedAt: stored.recordedAt,
    };
  }
}
