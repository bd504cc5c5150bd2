import type { RecordedEvent } from '@pi/event-store';
import type { IndexSpec } from '../document-store.port.js';

/**
 * A read model: a pure `(doc, event) → doc` plus which events it takes and
 * which document each event concerns. The runner does the I/O, batching and
 * checkpoints; the projection never sees them.
 */
export interface Projection<D extends object = object> {
  /** Stable name; also the checkpoint key. */
  readonly name: string;
  /** Bump when evolve changes meaning: the engine rebuilds into a new generation and swaps it in. */
  readonly version: number;
  readonly indexes: readonly IndexSpec[];
  readonly eventTypes: readonly string[];
  /** The document(s) an event concerns; null when it concerns none. */
  documentId(event: RecordedEvent): string | readonly string[] | null;
  /** Returns the new document, or null to delete it. Never throws for events it takes. */
  evolve(doc: D | null, event: RecordedEvent): D | null;
}

/** Physical collection of a projection generation, e.g. `staff-directory__g3`. */
export function collectionOf(projection: Pick<Projection, 'name'>, generation: number): string {
  return `${projection.name}__g${generation}`;
}

export function checkpointKeyOf(projection: Pick<Projection, 'name'>, generation: number): string {
  return `${projection.name}@g${generation}`;
}
