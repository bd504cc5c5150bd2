import type { RecordedEvent } from '@pi/event-store';
import type { DocWrite, DocumentStore } from '../document-store.port.js';
import type { Projection } from './projection.js';

/** Thrown with the event that made a projection fail, so the status can name it. */
export class ProjectionEventFailed extends Error {
  constructor(
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(`${event.type} at position ${event.position}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ProjectionEventFailed';
  }
}

function idsOf(projection: Projection, event: RecordedEvent): readonly string[] {
  const id = projection.documentId(event);
  return id === null ? [] : typeof id === 'string' ? [id] : id;
}

/**
 * Folds a batch of events into the documents they concern: each document is
 * loaded once and written once per batch, whatever the number of its events.
 */
export async function foldBatch(store: DocumentStore, collection: string, projection: Projection, events: readonly RecordedEvent[]): Promise<DocWrite[]> {
  const wanted = new Set<string>();
  for (const event of events) for (const id of idsOf(projection, event)) wanted.add(id);
  if (wanted.size === 0) return [];
  const loaded = await store.getMany<object>(collection, [...wanted]);
  const docs = new Map<string, object | null>();
  for (const id of wanted) docs.set(id, loaded.get(id) ?? null);
  for (const event of events) {
    for (const id of idsOf(projection, event)) {
      try {
        docs.set(id, projection.evolve(docs.get(id) ?? null, event));
      } catch (error) {
        throw new ProjectionEventFailed(event, error);
      }
    }
  }
  const writes: DocWrite[] = [];
  for (const [id, doc] of docs) if (doc !== null || loaded.has(id)) writes.push({ collection, id, doc });
  return writes;
}
