/**
 * The document-store port: named collections of JSON documents by id, with
 * indexed fields, filtered queries, sort and cursor pagination. It is shaped
 * after MongoDB so that adapter maps one-to-one (collection, createIndex, find
 * with a filter, sort and a range cursor, a transaction for `commit`).
 */
import type { Position } from '@pi/event-store';

export type Scalar = string | number | boolean | null;

/** Conditions on one field (dot paths allowed). All conditions of a query must hold. */
export type FieldCondition =
  | Scalar
  | { $in: readonly Scalar[] }
  | { $ne: Scalar }
  | { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar }
  /** The field is an array that contains this value. */
  | { $contains: Scalar }
  /** The field is an array that contains every one of these values. */
  | { $containsAll: readonly Scalar[] }
  /** The field is an array without this value (or is absent). */
  | { $notContains: Scalar }
  /** The field is an array with an element that starts with this text. */
  | { $containsPrefix: string }
  | { $prefix: string };

export type Where = Readonly<Record<string, FieldCondition>>;

export interface FindQuery {
  where?: Where;
  /** And at least one of these holds (MongoDB's `$or`); an empty list matches nothing. */
  anyOf?: readonly Where[];
  /** Sort field must be present (not null) on every document; ties break on id. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IndexSpec {
  fields: readonly string[];
  /** Index the elements of an array field (MongoDB multikey). */
  multikey?: boolean;
}

export interface DocWrite {
  collection: string;
  id: string;
  /** null deletes the document. */
  doc: object | null;
}

export interface CheckpointWrite {
  key: string;
  position: Position;
  /**
   * The checkpoint this writer last read or wrote (null: none yet). The commit
   * fails with CheckpointMoved if another writer moved it since, so two runners
   * of one projection can never apply the same events twice.
   */
  expected?: Position | null;
  /** Commit only while this generation of the projection is still the active one (or still unswapped for a shadow). */
  guard?: { projection: string; generation: number; mustBeActive: boolean };
}

export interface GenerationInfo {
  projection: string;
  active: number | null;
  latest: number;
  /** The projection code version the active generation was built by. */
  activeVersion: number | null;
}

/** What a store answers for a projection it has a row for, or none yet. */
export function generationInfoOf(
  projection: string,
  row: { active: number | null; latest: number; activeVersion: number | null } | null | undefined,
): GenerationInfo {
  return {
    projection,
    active: row?.active ?? null,
    latest: row?.latest ?? 0,
    activeVersion: row?.activeVersion ?? null,
  };
}

export interface DocumentStore {
  ensureCollection(name: string, indexes: readonly IndexSpec[]): Promise<void>;
  dropCollection(name: string): Promise<void>;
  get<T extends object>(collection: string, id: string): Promise<T | null>;
  getMany<T extends object>(collection: string, ids: readonly string[]): Promise<Map<string, T>>;
  find<T extends object>(collection: string, query: FindQuery): Promise<Page<T>>;
  /**
   * `hint`: a field whose condition is the most selective (MongoDB's `hint`):
   * the adapter starts from that field's index rather than the one its planner
   * would guess, e.g. the few conversations a person is in out of 100,000.
   */
  count(collection: string, where?: Where, anyOf?: readonly Where[], options?: { hint?: string }): Promise<number>;
  /** Writes the documents and the checkpoint atomically: all of them or none. */
  commit(writes: readonly DocWrite[], checkpoint?: CheckpointWrite): Promise<void>;
  readCheckpoint(key: string): Promise<Position | null>;
  /**
   * Makes values that deletes and overwrites freed unreadable in the store's files, after an erasure (SQLite:
   * freed pages are zeroed as they go, by secure_delete; this copies the write-ahead log back and truncates it).
   * Stores that cannot promise it leave it out (docs/privacy.md says what each profile guarantees).
   */
  forgetFreed?(): Promise<void>;
}

/**
 * Which generation of each projection readers use. A rebuild fills a new
 * generation beside the active one and swaps when it has caught up. Kept by
 * the store that holds the documents, because a guarded commit
 * (CheckpointWrite.guard) checks it in the same transaction.
 */
export interface ProjectionGenerations {
  generations(projection: string): Promise<GenerationInfo>;
  /** Reserves the next generation number for a (re)build. */
  allocateGeneration(projection: string): Promise<number>;
  /** Makes `generation` the active one if the active one is still `expected`; false otherwise. */
  activateGeneration(
    projection: string,
    generation: number,
    version: number,
    expected: number | null,
  ): Promise<boolean>;
}

/** What the projection engine runs on: documents and their generations, from one adapter. */
export type ReadModelStore = DocumentStore & ProjectionGenerations;
