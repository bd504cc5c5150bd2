import { categoryOf } from '@pi/domain';
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
import { decodeReadable, decodeStoredEvent, STORED_EVENT_COLUMNS, type StoredEventRow } from '../stored-event.js';
import { UpcasterRegistry } from '../upcasters.js';
import { openPostgres, type PgClient, type PgPool, type PostgresOptions } from './postgres-connection.js';
import { EVENT_MIGRATIONS } from './postgres-event-schema.js';
import { PostgresListener } from './postgres-listener.js';
import { PostgresLogTail } from './postgres-log-tail.js';
import { advisoryKey, migrate } from './postgres-migrations.js';

export interface PostgresEventStoreOptions extends PostgresOptions {
  upcasters?: UpcasterRegistry;
  /** How often a live subscriber looks for commits when no notice came (default 1 s; notices wake it at once). */
  pollIntervalMs?: number;
  now?: () => Date;
}

const COLUMNS = STORED_EVENT_COLUMNS.replace('data', 'data::text AS data').replace(
  'metadata',
  'metadata::text AS metadata',
);

/** Of a transaction older than the oldest still running: nothing drawn before it can still commit. */
// A sub-select: the snapshot is taken once per query, not once per row.
const SETTLED = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';

/** One call's appends: one stream's, or a command's on several (stored together or not at all). */
interface PendingAppend {
  parts: readonly StreamAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome<T> = { ok: T } | { error: unknown };

/**
 * The event store on PostgreSQL. Concurrent appends of this process share one
 * transaction (group commit), each call one round trip: `pi_append` (its
 * idempotency and revision checks, then its insert), or `pi_append_parts` for a
 * command's several streams (all of them or none). Transactions of different
 * processes commit in parallel: each locks only its streams, and holds the draw
 * lock just while it draws its positions, never through its commit. Readers
 * take the events of transactions older than the oldest still running
 * (postgres-event-schema.ts), so none can skip an event committed late.
 * Commits NOTIFY the log's channel.
 */
export class PostgresEventStore implements EventStore {
  private readonly signal = new CommitSignal();
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  /** Held while a transaction draws its positions (session-level: released before its commit). */
  private readonly drawLock: string;
  /** The first key of the streams' transaction-level locks (the second is the stream's hash). */
  private readonly streamLockClass: number;
  private readonly listener: PostgresListener;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private readonly tail = new PostgresLogTail(
    async (after, limit) => (await this.readBatch(after, limit)).events,
    async () => (await this.settledHead())?.position ?? START,
  );

  private constructor(
    private readonly pool: PgPool,
    schema: string,
    url: string,
    options: PostgresEventStoreOptions,
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.now = options.now ?? (() => new Date());
    this.drawLock = advisoryKey(`draw:${schema}`);
    this.streamLockClass = Number(BigInt.asIntN(32, BigInt(advisoryKey(`streams:${schema}`))));
    this.listener = new PostgresListener(url, `pi_events_${schema}`.slice(0, 63), this.signal);
  }

  /** Connects, applies the log's migrations (under an advisory lock) and returns the store. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const { pool, schema } = await openPostgres(options);
    try {
      await migrate(pool, schema, 'event-store', EVENT_MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, schema, options.url, options);
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return this.enqueue([{ streamId, events, expected }]).then((results) => results[0]);
  }

  /** A command's appends to several streams: one savepoint inside the group's transaction, so all or none. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkStreamAppends(appends);
    return this.enqueue(appends);
  }

  private enqueue(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ parts, resolve, reject });
      this.flushing ??= this.flushAll();
    });
  }

  /** One transaction at a time; appends that arrive meanwhile go into the next. */
  private async flushAll(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await this.commitGroup(batch);
    }
    this.flushing = null;
  }

  private async commitGroup(batch: readonly PendingAppend[]): Promise<void> {
    let client: PgClient | undefined;
    let drawing = false;
    const outcomes: Outcome<AppendResult[]>[] = [];
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      drawing = true;
      await client.query('SELECT pi_begin_append($1, $2, $3)', [
        batch.flatMap((item) => item.parts.map((part) => part.streamId)),
        this.streamLockClass,
        this.drawLock,
      ]);
      // One round trip per stream; a refused one writes nothing (pi_append checks before it inserts).
      for (const item of batch) outcomes.push(await this.appendCall(client, item.parts));
      // Positions drawn: let the next transaction draw while this one commits and flushes.
      await client.query('SELECT pg_advisory_unlock($1), pg_notify($2, $3)', [
        this.drawLock,
        this.listener.channel,
        '',
      ]);
      drawing = false;
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => undefined);
      // A session lock outlives the transaction: release it, or end the session that holds it.
      const unlocked =
        !drawing ||
        (await client
          ?.query('SELECT pg_advisory_unlock($1)', [this.drawLock])
          .then(() => true)
          .catch(() => false));
      client?.release(unlocked ? undefined : (error as Error));
      for (const item of batch) item.reject(error);
      return;
    }
    client.release();
    outcomes.forEach((outcome, i) =>
      'error' in outcome ? batch[i].reject(outcome.error) : batch[i].resolve(outcome.ok),
    );
    this.signal.notify();
  }

  /**
   * One call's streams in one round trip: `pi_append_parts` checks every part as `pi_append` does, then inserts
   * them all; a refusal of any inserts none (no savepoint, no subtransaction).
   */
  private async appendCall(client: PgClient, parts: readonly StreamAppend[]): Promise<Outcome<AppendResult[]>> {
    if (parts.length === 1) {
      const outcome = await this.appendIn(client, parts[0]);
      return 'error' in outcome ? outcome : { ok: [outcome.ok] };
    }
    const events = parts.flatMap((part) => part.events);
    const { rows } = await client.query<{
      part: number;
      outcome: string;
      revision: number | null;
      event_position: string | null;
    }>('SELECT part, outcome, revision, event_position FROM pi_append_parts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
      parts.map((part) => part.streamId),
      parts.map((part) => categoryOf(part.streamId)),
      parts.map((part) => expectedCode(part.expected)),
      parts.map((part) => part.events.length),
      ...eventColumns(events),
      this.now().toISOString(),
    ]);
    const refused = rows.find((row) => row.outcome === 'wrong' || row.outcome === 'mixed');
    if (refused) {
      const part = parts[refused.part - 1];
      const expected = refused.outcome === 'mixed' ? 'any' : part.expected;
      return { error: new WrongExpectedRevision(part.streamId, expected, refused.revision) };
    }
    // Per part: one row per event inserted ('ok'), or the last event stored ('replay'): the answer is the newest.
    return {
      ok: parts.map((_, i) => {
        const last = rows
          .filter((row) => row.part === i + 1)
          .reduce((a, b) => ((b.revision ?? -1) > (a.revision ?? -1) ? b : a));
        return { nextExpectedRevision: last.revision!, position: BigInt(last.event_position!) };
      }),
    };
  }

  private async appendIn(client: PgClient, part: StreamAppend): Promise<Outcome<AppendResult>> {
    const { streamId, events, expected } = part;
    const { rows } = await client.query<{ outcome: string; revision: number | null; event_position: string | null }>(
      'SELECT outcome, revision, event_position FROM pi_append($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [streamId, categoryOf(streamId), expectedCode(expected), ...eventColumns(events), this.now().toISOString()],
    );
    const outcome = rows[0]?.outcome;
    if (outcome === 'wrong') return { error: new WrongExpectedRevision(streamId, expected, rows[0].revision) };
    if (outcome === 'mixed') return { error: new WrongExpectedRevision(streamId, 'any', rows[0].revision) };
    // 'ok' returns one row per event inserted, 'replay' the last event stored: the answer is the newest.
    const last = rows.reduce((a, b) => ((b.revision ?? -1) > (a.revision ?? -1) ? b : a));
    return { ok: { nextExpectedRevision: last.revision!, position: BigInt(last.event_position!) } };
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<StoredEventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    return rows.map((row) => decodeStoredEvent(row, this.upcasters));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readBatch(options.after ?? START, options.maxCount ?? 1000, options.filter)).events;
  }

  /** Reads up to `limit` events after `after`, and how far the log was scanned to find them. */
  private async readBatch(after: Position, limit: number, filter?: EventFilter): Promise<SubscriptionBatch> {
    if (!filter) {
      const { rows } = await this.pool.query<StoredEventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > $1 AND ${SETTLED} ORDER BY position LIMIT $2`,
        [after.toString(), limit],
      );
      const { events } = decodeReadable(rows, this.upcasters);
      return { events, checkpoint: events.at(-1)?.position ?? after };
    }
    // The settled head first: every position at or below it is committed or never will be,
    // so scanning up to it never skips a late commit.
    const head = (await this.settledHead())?.position ?? START;
    const [column, values] =
      'eventTypes' in filter ? ['type', filter.eventTypes] : ['category', filter.streamCategories];
    // One practice's events: the events_by_practice index (practice, type, position) serves it.
    const practice = filter.practiceId === undefined ? '' : ` AND (metadata->>'practiceId') = $5`;
    const { rows } = await this.pool.query<StoredEventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > $1 AND position <= $2 AND ${column} = ANY($3)${practice}
       ORDER BY position LIMIT $4`,
      [
        after.toString(),
        head.toString(),
        values,
        limit,
        ...(filter.practiceId === undefined ? [] : [filter.practiceId]),
      ],
    );
    const { events, complete } = decodeReadable(rows, this.upcasters);
    const checkpoint =
      !complete || events.length === limit ? events[events.length - 1].position : head > after ? head : after;
    return { events, checkpoint };
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    const batchSize = options.batchSize ?? 500;
    let checkpoint = options.after ?? START;
    await this.listener.ensure();
    while (!options.signal?.aborted) {
      // Registered before reading: a commit between the read and the wait still wakes it.
      const waiter = this.signal.prepare(this.pollIntervalMs, options.signal);
      // Live subscribers share one read of what is new; one that is behind the tail reads on its own.
      // A tail that cannot read (an unreadable event, a lost connection) stops growing: subscribers read SQL.
      await this.tail.refresh();
      const batch =
        this.tail.after(checkpoint, batchSize, options.filter) ??
        (await this.readBatch(checkpoint, batchSize, options.filter));
      if (batch.checkpoint > checkpoint) {
        checkpoint = batch.checkpoint;
        yield batch;
        continue;
      }
      await waiter.wait();
      void this.listener.ensure();
    }
  }

  /**
   * The newest event readers may take: of a transaction older than every one
   * still running. Behind `head()` while an older transaction is in flight.
   */
  private async settledHead(): Promise<LogHead | null> {
    const { rows } = await this.pool.query<{ position: string; recorded_at: string }>(
      `SELECT position, recorded_at FROM events WHERE ${SETTLED} ORDER BY position DESC LIMIT 1`,
    );
    return rows[0] ? { position: BigInt(rows[0].position), recordedAt: rows[0].recorded_at } : null;
  }

  /** The newest committed event (what a command was answered), settled or not. */
  async head(): Promise<LogHead | null> {
    const { rows } = await this.pool.query<{ position: string; recorded_at: string }>(
      'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
    );
    return rows[0] ? { position: BigInt(rows[0].position), recordedAt: rows[0].recorded_at } : null;
  }

  async countAfter(position: Position): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE position > $1', [
      position.toString(),
    ]);
    return Number(rows[0].n);
  }

  /** Commits the appends still waiting, then lets go of every connection. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.signal.notify();
    await this.listener.close();
    await this.pool.end();
  }
}

/** `pi_append`'s expected revision: -1 the stream must not exist, -2 any, else the revision of its last event. */
function expectedCode(expected: ExpectedRevision): number {
  return expected === 'no_stream' ? -1 : expected === 'any' ? -2 : expected;
}

/** The events as `pi_append`'s and `pi_append_parts`'s column arrays: ids, types, versions, data, metadata. */
function eventColumns(events: readonly NewEvent[]): [string[], string[], number[], string[], string[]] {
  return [
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion ?? 1),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
  ];
}
