import { categoryOf } from '@pi/domain';
import { CommitSignal } from '../commit-signal.js';
import type { Freshness } from '../freshness.js';
import { WrongExpectedRevision } from '../event-store.errors.js';
import {
  decodeReadable,
  decodeStoredEvent,
  revisionMatches,
  STORED_EVENT_COLUMNS,
  type StoredEventRow,
} from '../stored-event.js';
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
  type StreamAppend,
  type SubscriptionBatch,
} from '../event-store.port.js';
import { checkStreamAppends } from '../stream-appends.js';
import { UpcasterRegistry } from '../upcasters.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';
import { ensureEventSchema, PRACTICE_OF_EVENT } from './sqlite-event-schema.js';
import { RecentEvents } from './recent-events.js';

const COLUMNS = STORED_EVENT_COLUMNS;

export interface SqliteEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** How often (default 50 ms) a live subscriber checks for commits by other processes: one lookup of the head when there were none. */
  pollIntervalMs?: number;
  now?: () => Date;
}

/** One call's appends: one stream's, or a command's on several (stored together or not at all). */
interface PendingAppend {
  parts: readonly StreamAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type PartWritten = { result: AppendResult; recorded: RecordedEvent[] };
type AppendOutcome = { ok: PartWritten[] } | { error: unknown };

export class SqliteEventStore implements EventStore {
  private readonly signal = new CommitSignal();
  private readonly recent = new RecentEvents();
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly statements;
  private readonly filteredReads = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();
  private readonly appendTx;
  private readonly groupTx;
  private pending: PendingAppend[] = [];

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteEventStoreOptions = {},
  ) {
    ensureEventSchema(db);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.now = options.now ?? (() => new Date());
    this.statements = {
      streamRevision: db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?').pluck(),
      byId: db.prepare('SELECT stream_id, revision, position FROM events WHERE id = ?').safeIntegers(),
      insert: db.prepare(
        `INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: db
        .prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`)
        .safeIntegers(),
      readAll: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).safeIntegers(),
      head: db.prepare('SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1').safeIntegers(),
      countAfter: db.prepare('SELECT COUNT(*) FROM events WHERE position > ?').pluck(),
      // Changes only when another connection commits: this connection's own writes leave it alone.
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
    };
    // All of one call's streams, or none of them.
    this.appendTx = db.transaction((parts: readonly StreamAppend[]) =>
      parts.map((part) => this.appendInTransaction(part.streamId, part.events, part.expected)),
    );
    // Inside the group's transaction each call runs in its own savepoint: one refused append leaves the others.
    this.groupTx = db.transaction((batch: readonly PendingAppend[]): AppendOutcome[] =>
      batch.map((item) => {
        try {
          return { ok: this.appendTx(item.parts) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * Group commit: appends issued in the same turn of the event loop (concurrent
   * requests) share one write transaction, each with its own revision check.
   * A refused append fails alone; a failed commit fails them all, and nothing is stored.
   */
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
      // Wait for the rest of this turn's appends (see freshness.hurry for one others queue behind).
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /**
   * This store's freshness for a command executor: `PRAGMA data_version`
   * changes only when another connection commits, and a hurried append goes
   * at the end of this tick instead of waiting for the rest of the turn.
   */
  readonly freshness: Freshness = {
    changeToken: () => this.statements.dataVersion.get() as number,
    hurry: () => queueMicrotask(() => this.flush()),
  };

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE takes the write lock up front, so every revision check and its insert see the same streams.
      outcomes = this.groupTx.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      if ('error' in outcome) return batch[i].reject(outcome.error);
      for (const part of outcome.ok) this.recent.add(part.recorded);
      batch[i].resolve(outcome.ok.map((part) => part.result));
    });
    this.signal.notify();
  }

  private appendInTransaction(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): PartWritten {
    const replay = this.previousAppendOf(streamId, events);
    if (replay) return { result: replay, recorded: [] };
    const current = this.statements.streamRevision.get(streamId) as number | null;
    if (!revisionMatches(expected, current)) throw new WrongExpectedRevision(streamId, expected, current);
    const category = categoryOf(streamId);
    const recordedAt = this.now().toISOString();
    let revision = current ?? -1;
    let position: Position = START;
    const recorded: RecordedEvent[] = [];
    for (const event of events) {
      revision += 1;
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const info = this.statements.insert.run(
        event.id,
        streamId,
        category,
        revision,
        event.type,
        event.schemaVersion ?? 1,
        data,
        metadata,
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
      // What a reader would get back: parsed from the stored text, never the caller's own objects.
      const upcast = this.upcasters.upcast(event.type, event.schemaVersion ?? 1, JSON.parse(data));
      recorded.push({
        id: event.id,
        type: event.type,
        data: upcast.data,
        schemaVersion: upcast.schemaVersion,
        metadata: JSON.parse(metadata) as EventMetadata,
        streamId,
        revision,
        position,
        recordedAt,
      });
    }
    return { result: { nextExpectedRevision: revision, position }, recorded };
  }

  /** Re-appending events already stored (a retried request) is a no-op that answers like the first time. */
  private previousAppendOf(streamId: string, events: readonly NewEvent[]): AppendResult | null {
    const stored = events.map(
      (e) => this.statements.byId.get(e.id) as { stream_id: string; revision: bigint; position: bigint } | undefined,
    );
    if (stored.every((row) => row === undefined)) return null;
    const last = stored[stored.length - 1];
    const consistent = stored.every(
      (row, i) =>
        row !== undefined && row.stream_id === streamId && (i === 0 || row.revision === stored[i - 1]!.revision + 1n),
    );
    if (!consistent || !last) {
      const current = this.statements.streamRevision.get(streamId) as number | null;
      throw new WrongExpectedRevision(streamId, 'any', current);
    }
    return { nextExpectedRevision: Number(last.revision), position: last.position };
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const rows = this.statements.readStream.all(
      streamId,
      options.fromRevision ?? 0,
      options.maxCount ?? -1,
    ) as StoredEventRow[];
    return rows.map((row) => this.toRecorded(row));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readBatch(options.after ?? START, options.maxCount ?? 1000, options.filter).events;
  }

  /** Reads up to `limit` events after `after`, and how far the log was scanned to find them. */
  private readBatch(after: Position, limit: number, filter?: EventFilter): SubscriptionBatch {
    if (!filter) {
      const rows = this.statements.readAll.all(after, limit) as StoredEventRow[];
      const { events } = this.readable(rows);
      return { events, checkpoint: events.at(-1)?.position ?? after };
    }
    // Read the head first: every position at or below a committed head is committed too
    // (one writer at a time), so scanning up to it never skips a late commit.
    const head = this.headRow()?.position ?? START;
    const rows = (
      filter.practiceId === undefined
        ? this.filteredStatement(filter).all(after, head, limit)
        : this.filteredStatement(filter).all(filter.practiceId, after, head, limit)
    ) as StoredEventRow[];
    const { events, complete } = this.readable(rows);
    const checkpoint =
      !complete || events.length === limit ? events[events.length - 1].position : head > after ? head : after;
    return { events, checkpoint };
  }

  private readable(rows: readonly StoredEventRow[]) {
    return decodeReadable(rows, this.upcasters);
  }

  private filteredStatement(filter: EventFilter) {
    const [column, values] =
      'eventTypes' in filter ? ['type', filter.eventTypes] : ['category', filter.streamCategories];
    const practice = filter.practiceId !== undefined;
    const key = `${column}:${values.join(',')}${practice ? ':practice' : ''}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
      // One practice's events: the events_by_practice index (practice, type, position) serves it.
      const ofPractice = practice ? `${PRACTICE_OF_EVENT} = ? AND ` : '';
      statement = this.db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE ${ofPractice}position > ? AND position <= ? AND ${column} IN (${list}) ORDER BY position LIMIT ?`,
        )
        .safeIntegers();
      this.filteredReads.set(key, statement);
    }
    return statement;
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    const batchSize = options.batchSize ?? 500;
    let checkpoint = options.after ?? START;
    let wokenByCommit = false;
    let wokenByTimer = false;
    let seenHead: Position | null = null;
    while (!options.signal?.aborted) {
      const waiter = this.signal.prepare(this.pollIntervalMs, options.signal);
      // Woken by the poll timer after finding nothing: if the log's head has not moved, nobody has
      // committed since (another process, or another store on this connection); one indexed lookup, no scan.
      // Woken by a commit, the head is not looked up (every subscriber of the process wakes on each one).
      if (wokenByTimer) {
        const head = this.headRow()?.position ?? START;
        if (head === seenHead) {
          const woke = await waiter.wait();
          [wokenByCommit, wokenByTimer] = [woke === 'commit', woke === 'timeout'];
          continue;
        }
        seenHead = head;
      } else seenHead = null;
      // Woken by a commit of this process: the recent run usually holds what is new.
      // Otherwise ask SQLite, which also sees other processes' commits.
      const batch =
        (wokenByCommit ? this.recent.after(checkpoint, batchSize, options.filter) : null) ??
        this.readBatch(checkpoint, batchSize, options.filter);
      if (batch.checkpoint > checkpoint) {
        checkpoint = batch.checkpoint;
        wokenByTimer = false;
        yield batch;
        continue;
      }
      const woke = await waiter.wait();
      [wokenByCommit, wokenByTimer] = [woke === 'commit', woke === 'timeout'];
    }
  }

  async head(): Promise<LogHead | null> {
    const row = this.headRow();
    return row ? { position: row.position, recordedAt: row.recorded_at } : null;
  }

  private headRow(): { position: bigint; recorded_at: string } | undefined {
    return this.statements.head.get() as { position: bigint; recorded_at: string } | undefined;
  }

  async countAfter(position: Position): Promise<number> {
    return this.statements.countAfter.get(position) as number;
  }

  /** Commits the appends still waiting for their turn, so none is lost or left hanging when the database closes next. */
  async close(): Promise<void> {
    this.flush();
    this.signal.notify();
  }

  private toRecorded(row: StoredEventRow): RecordedEvent {
    return decodeStoredEvent(row, this.upcasters);
  }
}
