import { START, type EventStore, type RecordedEvent } from '@pi/event-store';
import type { ReadModelStore } from '../document-store.port.js';
import { foldBatch } from './apply-batch.js';
import { DocumentCache } from './document-cache.js';
import { checkpointKeyOf, collectionOf, type AnyProjection } from './projection.js';

export interface RebuildProgress {
  projection: string;
  generation: number;
  eventsApplied: number;
  position: bigint;
  head: bigint;
}

export interface RebuildResult {
  projection: string;
  generation: number;
  replacedGeneration: number | null;
  eventsApplied: number;
  seconds: number;
}

/**
 * Rebuilds a read model from the start of the log into a new generation (a
 * shadow copy) while readers keep using the active one, then swaps it in.
 * The live runner notices the swap at its next commit and continues on the
 * new generation from the shadow's checkpoint, so no event is lost in between.
 */
export async function rebuildProjection(
  projection: AnyProjection,
  events: EventStore,
  store: ReadModelStore,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const [result] = await rebuildProjections([projection], events, store, options);
  return result;
}

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  signal?: AbortSignal;
}

/** Documents kept between batches (so a batch need not read back what the last one wrote), in all. */
const DOCUMENTS_KEPT = 50_000;

interface Target {
  projection: AnyProjection;
  activeBefore: number | null;
  generation: number;
  collection: string;
  key: string;
  types: ReadonlySet<string>;
  cache: DocumentCache;
  eventsApplied: number;
  /** Its multikey indexes exist (built the first time an event needs a query to find its documents). */
  queryable: boolean;
}

/** Whether folding these events queries the read model (an erasure finds documents by a multikey field). */
function needsQueries(projection: AnyProjection, events: readonly RecordedEvent[]): boolean {
  if (!projection.documentsWhere) return false;
  return events.some((event) => {
    try {
      return projection.documentsWhere!(event) !== null;
    } catch {
      return true; // the fold names the event that fails
    }
  });
}

/**
 * Rebuilds several read models in one pass over the log: each batch is read
 * (and its sealed values opened) once, and each read model folds the events it
 * takes and commits its own checkpoint, as `rebuildProjection` does for one.
 * Each is swapped in when the pass is done.
 */
export async function rebuildProjections(
  projections: readonly AnyProjection[],
  events: EventStore,
  store: ReadModelStore,
  options: RebuildOptions = {},
): Promise<RebuildResult[]> {
  const started = performance.now();
  const targets: Target[] = [];
  // The documents kept between batches share one budget: twenty read models must fit where one does.
  const cachePerReadModel = Math.max(2_000, Math.floor(DOCUMENTS_KEPT / Math.max(projections.length, 1)));
  for (const projection of projections) {
    const before = await store.generations(projection.name);
    const generation = await store.allocateGeneration(projection.name);
    const collection = collectionOf(projection, generation);
    await store.dropCollection(collection); // left over by a rebuild that crashed
    // Indexes are built once over the finished copy, far cheaper than kept up to date through every batch
    // (a multikey index is built early, the first time a query needs it: see `needsQueries`).
    await store.ensureCollection(collection, []);
    targets.push({
      projection,
      activeBefore: before.active,
      generation,
      collection,
      key: checkpointKeyOf(projection, generation),
      types: new Set(projection.eventTypes as readonly string[]),
      cache: new DocumentCache(cachePerReadModel),
      eventsApplied: 0,
      queryable: false,
    });
  }
  const head = (await events.head())?.position ?? START;
  if (head > START) {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const eventTypes = [...new Set(targets.flatMap((target) => [...target.types]))];
    for await (const batch of events.subscribe({
      after: START,
      filter: { eventTypes },
      batchSize: options.batchSize ?? 2000,
      signal,
    })) {
      for (const target of targets) {
        const taken = batch.events.filter((event) => target.types.has(event.type));
        if (!target.queryable && needsQueries(target.projection, taken)) {
          // The side tables are filled from the documents already written, then kept with every write.
          await store.ensureCollection(
            target.collection,
            target.projection.indexes.filter((index) => index.multikey),
          );
          target.queryable = true;
        }
        const writes = taken.length
          ? await foldBatch(store, target.collection, target.projection, taken, target.cache)
          : [];
        const guard = { projection: target.projection.name, generation: target.generation, mustBeActive: false };
        await store.commit(writes, { key: target.key, position: batch.checkpoint, guard });
        target.eventsApplied += taken.length;
        options.onProgress?.({
          projection: target.projection.name,
          generation: target.generation,
          eventsApplied: target.eventsApplied,
          position: batch.checkpoint,
          head,
        });
      }
      if (batch.checkpoint >= head) controller.abort();
    }
    if (options.signal?.aborted)
      throw new Error(
        `Rebuild of ${targets.map((t) => t.projection.name).join(', ')} was cancelled; the active read models are unchanged.`,
      );
  } else {
    for (const target of targets) await store.commit([], { key: target.key, position: START });
  }
  const results: RebuildResult[] = [];
  for (const target of targets) {
    const { projection, generation, activeBefore } = target;
    await store.ensureCollection(target.collection, projection.indexes);
    const swapped = await store.activateGeneration(projection.name, generation, projection.version, activeBefore);
    if (!swapped)
      throw new Error(
        `Another rebuild of ${projection.name} swapped in first; this one (generation ${generation}) was not activated.`,
      );
    // The generations before this one go once it is live: a copy kept aside would keep values erased since
    // (an erasure reaches the active generation only). A way back is another rebuild.
    for (let old = 1; activeBefore !== null && old <= activeBefore; old++)
      await store.dropCollection(collectionOf(projection, old));
    results.push({
      projection: projection.name,
      generation,
      replacedGeneration: activeBefore,
      eventsApplied: target.eventsApplied,
      seconds: (performance.now() - started) / 1000,
    });
  }
  // What the dropped generations held is zeroed in the files (SQLite's secure_delete), and out of the WAL now.
  await store.forgetFreed?.();
  return results;
}
