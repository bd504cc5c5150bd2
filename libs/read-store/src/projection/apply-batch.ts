import type { RecordedEvent } from '@pi/event-store';
import type { DocWrite, DocumentStore, FindQuery, Page } from '../document-store.port.js';
import type { DocumentCache } from './document-cache.js';
import { matches } from '../memory/in-memory-where.js';
import type { AnyProjection } from './projection.js';

/** Thrown with the event that made a projection fail, so the status can name it. */
export class ProjectionEventFailed extends Error {
  constructor(
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(`${event.type} at position ${event.position} failed in the projection`, { cause });
    this.name = 'ProjectionEventFailed';
  }
}

function idsOf(projection: AnyProjection, event: RecordedEvent): readonly string[] {
  const id = projection.documentId(event);
  return id === null ? [] : typeof id === 'string' ? [id] : id;
}

/** Ids of every document a query finds, page by page. */
async function idsWhere(
  store: Pick<DocumentStore, 'find'>,
  collection: string,
  query: Pick<FindQuery, 'where' | 'anyOf'>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<{ id?: string }> = await store.find<{ id?: string }>(collection, { ...query, limit: 500, cursor });
    for (const doc of page.items) if (typeof doc.id === 'string') ids.push(doc.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Folds a batch of events into the documents they concern: each document is
 * loaded once and written once per batch, whatever the number of its events.
 */
export async function foldBatch(
  store: Pick<DocumentStore, 'getMany' | 'find'>,
  collection: string,
  projection: AnyProjection,
  events: readonly RecordedEvent[],
  cache?: DocumentCache,
): Promise<DocWrite[]> {
  const wanted = new Set<string>();
  const idsByEvent = events.map((event) => {
    try {
      return idsOf(projection, event);
    } catch (error) {
      throw new ProjectionEventFailed(event, error);
    }
  });
  const queries: (Pick<FindQuery, 'where' | 'anyOf'> | null)[] = [];
  if (projection.documentsWhere)
    for (const [index, event] of events.entries()) {
      let query;
      try {
        query = projection.documentsWhere(event);
      } catch (error) {
        throw new ProjectionEventFailed(event, error);
      }
      queries[index] = query ?? null;
      if (query)
        idsByEvent[index] = [...new Set([...idsByEvent[index], ...(await idsWhere(store, collection, query))])];
    }
  for (const ids of idsByEvent) for (const id of ids) wanted.add(id);
  if (wanted.size === 0) return [];
  const docs = new Map<string, object | null>();
  const missing: string[] = [];
  for (const id of wanted) {
    const cached = cache?.get(id);
    if (cached === undefined) missing.push(id);
    else docs.set(id, cached);
  }
  const loaded = missing.length ? await store.getMany<object>(collection, missing) : new Map<string, object>();
  for (const id of missing) docs.set(id, loaded.get(id) ?? null);
  const existed = new Set([...docs].filter(([, doc]) => doc !== null).map(([id]) => id));
  for (const [index, event] of events.entries()) {
    const query = queries[index];
    // The store knows only what earlier batches wrote: documents this batch made match the query too.
    const ids = query
      ? [
          ...new Set([
            ...idsByEvent[index],
            ...[...docs].filter(([, doc]) => doc !== null && matches(doc, query.where, query.anyOf)).map(([id]) => id),
          ]),
        ]
      : idsByEvent[index];
    for (const id of ids) {
      try {
        docs.set(id, projection.evolve(docs.get(id) ?? null, event) as object | null);
      } catch (error) {
        throw new ProjectionEventFailed(event, error);
      }
    }
  }
  const writes: DocWrite[] = [];
  for (const [id, doc] of docs) {
    if (doc !== null || existed.has(id)) writes.push({ collection, id, doc });
    cache?.set(id, doc);
  }
  return writes;
}
