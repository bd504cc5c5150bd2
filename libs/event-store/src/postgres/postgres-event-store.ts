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
  type SubscriptionBatch,
} from '../event-store.port.js';
import {
  decodeReadable,
  decodeStoredEvent,
  revisionMatches,
  STORED_EVENT_COLUMNS,
  type StoredEventRow,
} from '../stored-event.js';
import { UpcasterRegistry } from '../upcasters.js';
import { openPostgres, type PgClient, type PgPool, type PostgresOptions } from './postgres-connection.js';
import { EVENT_MIGRATIONS } from './postgres-event-schema.js';
import { PostgresListener } from './postgres-listener.js';
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

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The event store on PostgreSQL. Concurrent appends of this process share one
 * transaction (group commit), each in its own savepoint with its own revision
 * check; every transaction takes the log's writer lock before drawing
 * positions, so the global order is the commit order and no reader can skip
 * an event committed late. Commits NOTIFY the log's channel.
 */
export class PostgresEventStore implements EventStore {
  private readonly signal = new CommitSignal();
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly writerLock: string;
  private readonly listener: PostgresListener;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;

  private constructor(
    private readonly pool: PgPool,
    schema: string,
    url: string,
    options: PostgresEventStoreOptions,
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.now = options.now ?? (() => new Date());
    this.writerLock = advisoryKey(`append:${schema}`);
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
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
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
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [this.writerLock]);
      for (const item of batch) {
        await client.query('SAVEPOINT append');
        try {
          outcomes.push({ ok: await this.appendIn(client, item) });
          await client.query('RELEASE SAVEPOINT append');
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT append');
          outcomes.push({ error });
        }
      }
      await client.query('SELECT pg_notify($1, $2)', [this.listener.channel, '']);
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => undefined);
      client?.release();
      for (const item of batch) item.reject(error);
      return;
    }
    client.release();
    outcomes.forEach((outcome, i) =>
      'error' in outcome ? batch[i].reject(outcome.error) : batch[i].resolve(outcome.ok),
    );
    this.signal.notify();
  }

  private async appendIn(client: PgClient, item: PendingAppend): Promise<AppendResult> {
    const { streamId, events, expected } = item;
    const replay = await this.previousAppendOf(client, streamId, events);
    if (replay) return replay;
    const current = await streamRevision(client, streamId);
    if (!revisionMatches(expected, current)) throw new WrongExpectedRevision(streamId, expected, current);
    const recordedAt = this.now().toISOString();
    const category = categoryOf(streamId);
    const params: unknown[] = [];
    const rows = events.map((event, i) => {
      const at = params.length;
      params.push(
        event.id,
        streamId,
        category,
        (current ?? -1) + 1 + i,
        event.type,
        event.schemaVersion ?? 1,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      return `(${Array.from({ length: 9 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    const inserted = await client.query<{ position: string; revision: number }>(
      `INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
       VALUES ${rows.join(', ')} RETURNING position, revision`,
      params,
    );
    const last = inserted.rows.reduce((a, b) => (b.revision > a.revision ? b : a));
    return { nextExpectedRevision: last.revision, position: BigInt(last.position) };
  }

  /** Re-appending events already stored (a retried request) is a no-op that answers like the first time. */
  private async previousAppendOf(
    client: PgClient,
    streamId: string,
    events: readonly NewEvent[],
  ): Promise<AppendResult | null> {
    const ids = events.map((e) => e.id);
    const { rows } = await client.query<{ id: string; stream_id: string; revision: number; position: string }>(
      'SELECT id, stream_id, revision, position FROM events WHERE id = ANY($1)',
      [ids],
    );
    if (rows.length === 0) return null;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const stored = ids.map((id) => byId.get(id));
    const consistent = stored.every(
      (row, i) =>
        row !== undefined && row.stream_id === streamId && (i === 0 || row.revision === stored[i - 1]!.revision + 1),
    );
    const last = stored[stored.length - 1];
    if (!consistent || !last) throw new WrongExpectedRevision(streamId, 'any', await streamRevision(client, streamId));
    return { nextExpectedRevision: last.revision, position: BigInt(last.position) };
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
        `SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
        [after.toString(), limit],
      );
      const { events } = decodeReadable(rows, this.upcasters);
      return { events, checkpoint: events.at(-1)?.position ?? after };
    }
    // The head first: positions are drawn in commit order, so every position at or below
    // a committed head is committed too, and scanning up to it never skips a late commit.
    const head = (await this.head())?.position ?? START;
    const [column, values] =
      'eventTypes' in filter ? ['type', filter.eventTypes] : ['category', filter.streamCategories];
    const { rows } = await this.pool.query<StoredEventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > $1 AND position <= $2 AND ${column} = ANY($3)
       ORDER BY position LIMIT $4`,
      [after.toString(), head.toString(), values, limit],
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
      const batch = await this.readBatch(checkpoint, batchSize, options.filter);
      if (batch.checkpoint > checkpoint) {
        checkpoint = batch.checkpoint;
        yield batch;
        continue;
      }
      await waiter.wait();
      void this.listener.ensure();
    }
  }

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

async function streamRevision(client: PgClient, streamId: string): Promise<number | null> {
  const { rows } = await client.query<{ revision: number | null }>(
    'SELECT max(revision) AS revision FROM events WHERE stream_id = $1',
    [streamId],
  );
  return rows[0].revision;
}
