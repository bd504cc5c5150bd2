import type { RecordedEvent } from '@pi/event-store';
import type { FindQuery, IndexSpec } from '../document-store.port.js';
import type { SealedFields } from '../sealing/sealed-fields.js';

/** An event as a projection declares it: a type and its data (the domain's `DomainEvent` fits). */
export interface EventShape {
  type: string;
  data: unknown;
}

/**
 * A recorded event narrowed to one of the events a projection takes: `type`
 * and `data` are the domain's, so a `switch (event.type)` narrows `data`.
 * Distributes over the union, one recorded shape per event type.
 */
export type Recorded<E extends EventShape> = E extends EventShape
  ? Omit<RecordedEvent, 'type' | 'data'> & { type: E['type']; data: E['data'] }
  : never;

/**
 * A read model: a pure `(doc, event) → doc` plus which events it takes and
 * which document each event concerns. The runner does the I/O, batching and
 * checkpoints; the projection never sees them. Typed end to end: the runner
 * hands it only the event types it lists (already upcast), so `evolve` and
 * `documentId` receive them as the domain declares them, with no cast.
 */
export interface Projection<D extends object = object, E extends EventShape = EventShape> {
  /** Stable name; also the checkpoint key. */
  readonly name: string;
  /** Bump when evolve changes meaning: the engine rebuilds into a new generation and swaps it in. */
  readonly version: number;
  readonly indexes: readonly IndexSpec[];
  readonly eventTypes: readonly E['type'][];
  /** The document(s) an event concerns; null when it concerns none. */
  documentId(event: Recorded<E>): string | readonly string[] | null;
  /**
   * The documents an event concerns that only a query can find, beside `documentId`'s: an erasure finds every
   * document holding values of the erased subjects (by a multikey `subjects` field), wherever they sit.
   */
  documentsWhere?(event: Recorded<E>): Pick<FindQuery, 'where' | 'anyOf'> | null;
  /**
   * The personal values its documents hold, and whose: stores that cannot promise a deleted value is gone from
   * their files keep these sealed under the subjects' keys (SealedDocumentStore). Absent: it holds none.
   */
  readonly sealed?: SealedFields<D>;
  /** Returns the new document, or null to delete it. Never throws for events it takes. */
  evolve(doc: D | null, event: Recorded<E>): D | null;
}

/** A projection of any document and events, as the engine and the runner hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any, any>;

/** Physical collection of a projection generation, e.g. `staff-directory__g3`. */
export function collectionOf(projection: Pick<Projection, 'name'>, generation: number): string {
  return `${projection.name}__g${generation}`;
}

export function checkpointKeyOf(projection: Pick<Projection, 'name'>, generation: number): string {
  return `${projection.name}@g${generation}`;
}
