import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { RecordedEvent } from '@pi/event-store';
import { InMemoryDocumentStore } from '../memory/in-memory-document-store.js';
import { foldBatch } from './apply-batch.js';
import type { EventShape, Projection, Recorded } from './projection.js';

let nextPosition = 1n;

/**
 * A recorded event for a projection spec, typed as the domain declares it.
 * Positions increase from one call to the next, as in the log.
 */
export function recorded<E extends EventShape>(
  event: E,
  details: Partial<Omit<RecordedEvent, 'type' | 'data'>> = {},
): Recorded<E> {
  const position = details.position ?? nextPosition++;
  return {
    id: details.id ?? randomUUID(),
    streamId: details.streamId ?? 'spec-1',
    revision: details.revision ?? 0,
    position,
    schemaVersion: details.schemaVersion ?? 1,
    recordedAt: details.recordedAt ?? '2026-11-30T10:00:00.000Z',
    metadata: details.metadata ?? {
      practiceId: 'p1',
      actor: 'staff-1',
      correlationId: 'c1',
      causationId: 'c1',
      occurredAt: '2026-11-30T10:00:00.000Z',
    },
    type: event.type,
    data: event.data,
  } as Recorded<E>;
}

/** A projection scenario whose documents differ from the ones it states. */
export class ProjectionScenarioFailed extends Error {
  constructor(id: string, expected: unknown, actual: unknown) {
    super(`document ${id}: expected\n  ${JSON.stringify(expected)}\ngot\n  ${JSON.stringify(actual)}`);
    this.name = 'ProjectionScenarioFailed';
  }
}

/**
 * given(events).when(events).then(id, doc) for read models. Runs through the
 * runner's own batch code (`foldBatch`, with `documentId`), given and when as
 * two batches over an in-memory collection, so a document must survive being
 * stored and loaded again, exactly as in production.
 */
export function projectionSpec<D extends object, E extends EventShape>(projection: Projection<D, E>) {
  const run = async (batches: readonly (readonly Recorded<E>[])[]) => {
    const docs = new Map<string, object>();
    // A real (in-memory) document store, so queries the projection makes (documentsWhere) run as in production.
    const store = new InMemoryDocumentStore();
    await store.ensureCollection('spec', projection.indexes);
    for (const batch of batches) {
      const writes = await foldBatch(store, 'spec', projection, batch);
      await store.commit(writes);
      for (const write of writes) {
        if (write.doc === null) docs.delete(write.id);
        else docs.set(write.id, structuredClone(write.doc));
      }
    }
    return docs as Map<string, D>;
  };
  return {
    given(...given: Recorded<E>[]) {
      return {
        when(...when: Recorded<E>[]) {
          const documents = () => run([given, when]);
          return {
            /** The documents after both batches, by id. */
            documents,
            /** Asserts the document with this id (null: none, or deleted). */
            async then(id: string, expected: D | null): Promise<void> {
              const actual = (await documents()).get(id) ?? null;
              if (!isDeepStrictEqual(actual, expected)) throw new ProjectionScenarioFailed(id, expected, actual);
            },
          };
        },
      };
    },
  };
}
