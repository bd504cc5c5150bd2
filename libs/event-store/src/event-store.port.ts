/**
 * The event store port. Every adapter (in-memory, SQLite, PostgreSQL,
 * EventStoreDB/KurrentDB) passes the contract suite in ./contract. What only
 * some adapters can offer (group commit, a change token) is not here: see
 * freshness.ts.
 *
 * Positions are opaque and ordered: compare them, never do arithmetic on them
 * (EventStoreDB's commit positions are not contiguous).
 */
export type Position = bigint;

/** Before the first event of the log. */
export const START: Position = 0n;

export interface EventMetadata {
  practiceId: string;
  /** Who caused it: a staff id, `patient:<id>`, `system:<process>`. Never a name. */
  actor: string;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  /** The hashed Idempotency-Key of the request that appended it, when it had one. */
  idempotencyKey?: string;
}

export interface NewEvent<D = unknown> {
  id: string;
  type: string;
  data: D;
  /** Schema version of `data`; 1 unless the event's shape has changed since it was first written. */
  schemaVersion?: number;
  metadata: EventMetadata;
}

export interface RecordedEvent<D = unknown> {
  id: string;
  type: string;
  data: D;
  schemaVersion: number;
  metadata: EventMetadata;
  streamId: string;
  /** 0-based index of the event in its stream. */
  revision: number;
  position: Position;
  recordedAt: string;
}

/** `no_stream`: the stream must not exist yet. `any`: no check. A number: the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: Position;
}

/**
 * Exact event types, or exact stream categories; with `practiceId`, only the
 * events recorded for that practice (its metadata): one practice's report reads
 * its own events, not the whole deployment's (an index serves it on SQLite and PostgreSQL).
 */
export type EventFilter = ({ eventTypes: readonly string[] } | { streamCategories: readonly string[] }) & {
  practiceId?: string;
};

export interface ReadAllOptions {
  /** Exclusive: events after this position. */
  after?: Position;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events after it. */
  after?: Position;
  filter?: EventFilter;
  /** Largest batch handed to the subscriber at once. */
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * A batch of a catch-up-then-live subscription. `checkpoint` is the position up
 * to which the log has been scanned: with a filter it moves past events the
 * subscriber does not take, so a quiet read model still reports how far it is.
 */
export interface SubscriptionBatch {
  events: RecordedEvent[];
  checkpoint: Position;
}

export interface LogHead {
  position: Position;
  recordedAt: string;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * One command's events on several streams, each with its expected revision, in one commit: every stream's
   * part is stored, or none (a wrong revision anywhere refuses all, with that stream's WrongExpectedRevision).
   * Results in the order given. Each stream at most once per call. The KurrentDB adapter is the exception
   * (its client has no multi-stream append): it writes the parts in order, so commands that use it record
   * their intent in the first part and UnfinishedWork finishes one cut short.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionBatch>;
  /** The newest event in the log, or null when it is empty. */
  head(): Promise<LogHead | null>;
  /** Events after a position, when the adapter can count them cheaply; null otherwise. */
  countAfter(position: Position): Promise<number | null>;
  close(): Promise<void>;
}

export function positionToString(position: Position): string {
  return position.toString();
}

/** Parses a position received over HTTP or from a file; null when it is not one. */
export function parsePosition(text: string): Position | null {
  return /^\d{1,20}$/.test(text) ? BigInt(text) : null;
}
