import { CommitSignal } from '../commit-signal.js';
import { matcherOf } from '../event-filter.js';
import { UnreadableEvent, WrongExpectedRevision } from '../event-store.errors.js';
import {
  START,
  type AppendResult,
  type EventFilter,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type LogHead,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type SubscriptionBatch,
  type StreamAppend,
} from '../event-store.port.js';
import { checkStreamAppends } from '../stream-appends.js';
import { UpcasterRegistry } from '../upcasters.js';
import {
  ANY,
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentClient,
  LOG_START,
  NO_STREAM,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Filter,
  type KurrentPosition,
  type ResolvedEvent,
} from './esdb-client.js';
import { withTimeout } from './with-timeout.js';

export interface EsdbEventStoreOptions {
  /** esdb://host:2113?tls=false */
  url: string;
  upcasters?: UpcasterRegistry;
  /** Every call fails with EventStoreUnavailable after this long (default 10 s). */
  timeoutMs?: number;
}

type StoredMetadata = EventMetadata & { schemaVersion?: number };

/**
 * The event store on KurrentDB/EventStoreDB. Expected revisions map to the
 * server's (`no_stream` ↔ NO_STREAM, `any` ↔ ANY, a number ↔ that revision),
 * event ids make a retried append idempotent (the server's own rule), and the
 * `$all` commit position is the opaque global position. Catch-up then live
 * subscriptions use the server-side filter; its checkpoints move a quiet
 * subscriber's position past events it does not take.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: InstanceType<typeof KurrentClient>;
  private readonly upcasters: UpcasterRegistry;
  private readonly timeoutMs: number;
  private readonly signal = new CommitSignal();

  constructor(options: EsdbEventStoreOptions) {
    this.client = KurrentClient.connectionString(options.url);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expectedRevision: AppendExpectedRevision =
      expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : BigInt(expected);
    try {
      const result = await this.call(
        this.client.appendToStream(
          streamId,
          events.map((event) =>
            jsonEvent({
              id: event.id,
              type: event.type,
              data: event.data as Record<string, never>,
              metadata: { ...event.metadata, schemaVersion: event.schemaVersion ?? 1 },
            }),
          ),
          { expectedRevision, deadline: this.timeoutMs },
        ),
        'append',
      );
      this.signal.notify();
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position?.commit ?? START };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedRevision(streamId, expected, typeof actual === 'bigint' ? Number(actual) : null);
      }
      throw error;
    }
  }

  /**
   * Not atomic: this client (@eventstore/db-client) has no multi-stream append (KurrentDB 25.1's
   * @kurrent/kurrentdb-client does). The parts are written in order and a failure stops the rest, so a
   * command's first part carries its intent and UnfinishedWork finishes one cut short (docs/event-store.md).
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkStreamAppends(appends);
    const results: AppendResult[] = [];
    for (const { streamId, events, expected } of appends) results.push(await this.append(streamId, events, expected));
    return results;
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: options.fromRevision ? BigInt(options.fromRevision) : LOG_START,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      deadline: this.timeoutMs,
    });
    try {
      return await this.call(
        collect(read, (resolved) => this.toRecorded(resolved)),
        'read stream',
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const maxCount = options.maxCount ?? 1000;
    const found: RecordedEvent[] = [];
    let from: Position = after;
    // $all holds the server's own events too: read pages until enough of ours are found or the log ends.
    for (;;) {
      const page = await this.call(
        collect(
          this.client.readAll({
            direction: FORWARDS,
            fromPosition: from === START ? LOG_START : toKurrent(from),
            maxCount: 500,
            deadline: this.timeoutMs,
          }),
          (resolved) => resolved,
        ),
        'read $all',
      );
      for (const resolved of page) {
        const position = resolved.event?.position?.commit;
        if (position === undefined || position <= from) continue;
        from = position;
        if (!isOurs(resolved) || !passes(resolved, options.filter)) continue;
        found.push(this.toRecorded(resolved));
        if (found.length >= maxCount) return found;
      }
      if (page.length < 500) return found;
    }
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    const batchSize = options.batchSize ?? 500;
    let checkpoint = options.after ?? START;
    const pending: RecordedEvent[] = [];
    let scanned = checkpoint;
    let failure: unknown = null;
    let wake: () => void = () => undefined;
    const filter = serverFilter(options.filter, (position) => {
      if (position.commit > scanned) scanned = position.commit;
      wake();
    });
    const subscription = this.client.subscribeToAll({
      fromPosition: checkpoint === START ? LOG_START : toKurrent(checkpoint),
      filter,
    });
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      const position = resolved.event?.position.commit;
      if (position === undefined || position <= checkpoint) return;
      if (isOurs(resolved) && passes(resolved, options.filter)) {
        try {
          pending.push(this.toRecorded(resolved));
        } catch (error) {
          failure = error;
        }
      }
      if (position > scanned) scanned = position;
      wake();
    });
    subscription.on('error', (error) => {
      failure = error;
      wake();
    });
    const onAbort = () => wake();
    options.signal?.addEventListener('abort', onAbort);
    try {
      while (!options.signal?.aborted) {
        if (pending.length === 0 && failure === null && scanned <= checkpoint)
          await new Promise<void>((resolve) => (wake = resolve));
        if (pending.length) {
          const events = pending.splice(0, batchSize);
          checkpoint = events[events.length - 1].position;
          yield { events, checkpoint };
          continue;
        }
        if (failure !== null) throw failure instanceof Error ? failure : new Error('KurrentDB subscription failed');
        if (scanned > checkpoint) {
          checkpoint = scanned;
          yield { events: [], checkpoint };
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async head(): Promise<LogHead | null> {
    const newest = await this.call(
      collect(
        this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 100, deadline: this.timeoutMs }),
        (resolved) => resolved,
      ),
      'read the head of $all',
    );
    const ours = newest.find(isOurs);
    return ours?.event ? { position: ours.event.position.commit, recordedAt: ours.event.created.toISOString() } : null;
  }

  /** The server cannot count $all cheaply. */
  async countAfter(): Promise<number | null> {
    return null;
  }

  async close(): Promise<void> {
    this.signal.notify();
    await this.client.dispose();
  }

  private call<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.timeoutMs + 1000, `KurrentDB ${what}`);
  }

  private toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
    const event = resolved.event!;
    const stored = (event.metadata ?? {}) as unknown as StoredMetadata;
    const { schemaVersion = 1, ...metadata } = stored;
    const position = event.position?.commit ?? START;
    try {
      const data: unknown = event.isJson ? event.data : JSON.parse(Buffer.from(event.data).toString('utf8'));
      const upcast = this.upcasters.upcast(event.type, schemaVersion, data);
      return {
        id: event.id,
        type: event.type,
        data: upcast.data,
        schemaVersion: upcast.schemaVersion,
        metadata,
        streamId: event.streamId,
        revision: Number(event.revision),
        position,
        recordedAt: event.created.toISOString(),
      };
    } catch (error) {
      throw new UnreadableEvent(
        { id: event.id, type: event.type, streamId: event.streamId, position, recordedAt: event.created.toISOString() },
        error,
      );
    }
  }
}

async function collect<E, T>(read: AsyncIterable<E>, map: (event: E) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const event of read) out.push(map(event));
  return out;
}

/** For non-transactional writes (all of ours) the prepare position equals the commit position. */
function toKurrent(position: Position): KurrentPosition {
  return { commit: position, prepare: position };
}

/** Events of the server itself ($-prefixed types and streams) are not the application's. */
function isOurs(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return event !== undefined && !event.type.startsWith('$') && !event.streamId.startsWith('$');
}

/** The server filters by prefix; the port means exact types and categories. */
function passes(resolved: ResolvedEvent | AllStreamResolvedEvent, filter?: EventFilter): boolean {
  return !filter || matcherOf(filter)(resolved.event!);
}

function serverFilter(filter: EventFilter | undefined, checkpointReached: (position: KurrentPosition) => void): Filter {
  const options = {
    checkpointInterval: 1,
    checkpointReached: (_: unknown, position: KurrentPosition) => checkpointReached(position),
  };
  if (!filter) return excludeSystemEvents(options);
  if ('eventTypes' in filter) return eventTypeFilter({ ...options, prefixes: [...filter.eventTypes] });
  return streamNameFilter({ ...options, prefixes: filter.streamCategories.map((category) => `${category}-`) });
}
