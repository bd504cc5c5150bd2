import { START, type EventStore } from '@pi/event-store';
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
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void; signal?: AbortSignal } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const before = await store.generations(projection.name);
  const generation = await store.allocateGeneration(projection.name);
  const collection = collectionOf(projection, generation);
  const key = checkpointKeyOf(projection, generation);
  await store.dropCollection(collection); // left over by a rebuild that crashed
  await store.ensureCollection(collection, projection.indexes);
  const head = (await events.head())?.position ?? START;
  let eventsApplied = 0;
  if (head > START) {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const guard = { projection: projection.name, generation, mustBeActive: false };
    const cache = new DocumentCache();
    for await (const batch of events.subscribe({
      after: START,
      filter: { eventTypes: projection.eventTypes as readonly string[] },
      batchSize: options.batchSize ?? 2000,
      signal,
    })) {
      const writes = await foldBatch(store, collection, projection, batch.events, cache);
      await store.commit(writes, { key, position: batch.checkpoint, guard });
      eventsApplied += batch.events.length;
      options.onProgress?.({
        projection: projection.name,
        generation,
        eventsApplied,
        position: batch.checkpoint,
        head,
      });
      if (batch.checkpoint >= head) controller.abort();
    }
    if (options.signal?.aborted)
      throw new Error(`Rebuild of ${projection.name} was cancelled; the active read model is unchanged.`);
  } else {
    await store.commit([], { key, position: START });
  }
  const swapped = await store.activateGeneration(projection.name, generation, projection.version, before.active);
  if (!swapped)
    throw new Error(
      `Another rebuild of ${projection.name} swapped in first; this one (generation ${generation}) was not activated.`,
    );
  // Keep the generation just replaced (a quick way back); drop the ones before it.
  for (let old = 1; before.active !== null && old < before.active; old++)
    await store.dropCollection(collectionOf(projection, old));
  return {
    projection: projection.name,
    generation,
    replacedGeneration: before.active,
    eventsApplied,
    seconds: (performance.now() - started) / 1000,
  };
}
