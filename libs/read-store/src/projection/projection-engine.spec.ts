import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, InMemoryLog } from '@pi/event-store/memory';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { type EventStore, type NewEvent, type RecordedEvent } from '@pi/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '@pi/event-store/postgres';
import { dropSchema, freshSchema, testDatabaseUrl } from '@pi/event-store/postgres-testing';
import type { ReadModelStore } from '../document-store.port.js';
import { PostgresDocumentStore } from '../postgres/postgres-document-store.js';
import { InMemoryDocumentStore } from '../memory/in-memory-document-store.js';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store.js';
import { collectionOf, type Projection } from './projection.js';
import { ProjectionEngine } from './projection-engine.js';
import { readingAfter, ReadModelBehind } from './read-barrier.js';
import { rebuildProjection, rebuildProjections } from './rebuild.js';

interface Tally {
  id: string;
  count: number;
  total: number;
  positions: string[];
}

/** Counts the Ticked events of each stream and sums their amounts; a `Poison` amount makes it throw. */
function tallyProjection(version = 1): Projection<Tally> {
  return {
    name: 'tally',
    version,
    indexes: [{ fields: ['count'] }],
    eventTypes: ['Ticked', 'Reset'],
    documentId: (event) => event.streamId,
    evolve(doc, event: RecordedEvent) {
      if (event.type === 'Reset') return null;
      const amount = (event.data as { amount: number | 'Poison' }).amount;
      if (amount === 'Poison') throw new Error('cannot add poison');
      const current = doc ?? { id: event.streamId, count: 0, total: 0, positions: [] };
      return {
        ...current,
        count: current.count + 1,
        total: current.total + amount * version,
        positions: [...current.positions, event.position.toString()],
      };
    },
  };
}

const tick = (amount: number | 'Poison', type = 'Ticked'): NewEvent => ({
  id: randomUUID(),
  type,
  data: { amount },
  metadata: {
    practiceId: 'p1',
    actor: 'test',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: new Date().toISOString(),
  },
});

interface Backend {
  events: EventStore;
  store: ReadModelStore;
  close(): void | Promise<void>;
}

/** The engine over each pair of adapters: what it does must not depend on which. */
const BACKENDS: [string, () => Backend | Promise<Backend>][] = [
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pi-engine-'));
      const db: SqliteDatabase = openSqliteDatabase(join(dir, 'data.sqlite'));
      return {
        events: new SqliteEventStore(db, { pollIntervalMs: 20 }),
        store: new SqliteDocumentStore(db),
        close: () => {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'in-memory',
    () => ({
      events: new InMemoryEventStore(new InMemoryLog(), { pollIntervalMs: 20 }),
      store: new InMemoryDocumentStore(),
      close: () => {},
    }),
  ],
];
// PostgreSQL when there is one (`.ci/run` starts it; its own suites say so when it is missing).
const databaseUrl = testDatabaseUrl();
if (databaseUrl)
  BACKENDS.push([
    'postgres',
    async () => {
      const schema = freshSchema('engine');
      const events = await PostgresEventStore.open({ url: databaseUrl, schema, pollIntervalMs: 20 });
      const store = await PostgresDocumentStore.open({ url: databaseUrl, schema });
      return {
        events,
        store,
        close: async () => {
          await events.close();
          await store.close();
          await dropSchema(databaseUrl, schema);
        },
      };
    },
  ]);

describe.each(BACKENDS)('projection engine (%s)', (_name, open) => {
  let backend: Backend;
  let events: EventStore;
  let store: ReadModelStore;
  const engines: ProjectionEngine[] = [];

  const startEngine = async (projection: Projection, options = {}) => {
    const engine = new ProjectionEngine(events, store, [projection], {
      retry: { attempts: 3, baseDelayMs: 5 },
      idleCheckpointEveryMs: 0,
      ...options,
    });
    engines.push(engine);
    await engine.start();
    return engine;
  };

  beforeEach(async () => {
    backend = await open();
    ({ events, store } = backend);
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    await backend.close();
  });

  it('folds events into documents and reaches the position a command returned', async () => {
    const engine = await startEngine(tallyProjection());
    await events.append('counter-a', [tick(1), tick(2)], 'no_stream');
    const { position } = await events.append('counter-b', [tick(5)], 'no_stream');
    expect(await engine.waitFor(['tally'], position, 2000)).toBe(true);
    expect(await engine.get<Tally>('tally', 'counter-a')).toMatchObject({ count: 2, total: 3 });
    expect(await engine.get<Tally>('tally', 'counter-b')).toMatchObject({ count: 1, total: 5 });
  });

  it('deletes a document when evolve returns null', async () => {
    const engine = await startEngine(tallyProjection());
    await events.append('counter-a', [tick(1)], 'no_stream');
    const { position } = await events.append('counter-a', [tick(0, 'Reset')], 0);
    await engine.waitFor(['tally'], position, 2000);
    expect(await engine.get('tally', 'counter-a')).toBeNull();
  });

  it('resumes from its checkpoint after a restart without applying any event twice', async () => {
    const first = await startEngine(tallyProjection());
    const { position } = await events.append('counter-a', [tick(1), tick(1), tick(1)], 'no_stream');
    await first.waitFor(['tally'], position, 2000);
    await first.stop();
    const later = await events.append('counter-a', [tick(10)], 2);
    const second = await startEngine(tallyProjection());
    expect(await second.waitFor(['tally'], later.position, 2000)).toBe(true);
    const doc = await second.get<Tally>('tally', 'counter-a');
    expect(doc).toMatchObject({ count: 4, total: 13 });
    expect(new Set(doc!.positions).size).toBe(4);
  });

  it('stops with a visible error naming the event after retrying, and never skips it', async () => {
    const changes: [string, string, string | null][] = [];
    const engine = await startEngine(tallyProjection(), {
      onStateChange: (name: string, state: string, failure: { eventType: string | null } | null) =>
        changes.push([name, state, failure?.eventType ?? null]),
    });
    const good = await events.append('counter-a', [tick(1)], 'no_stream');
    await engine.waitFor(['tally'], good.position, 2000);
    const poison = await events.append('counter-a', [tick('Poison')], 0);
    const after = await events.append('counter-b', [tick(7)], 'no_stream');
    expect(await engine.waitFor(['tally'], after.position, 500)).toBe(false);
    const [status] = await engine.statuses();
    expect(status).toMatchObject({ name: 'tally', state: 'failed', position: good.position.toString(), lagEvents: 2 });
    expect(status.error).toMatchObject({
      eventType: 'Ticked',
      position: poison.position.toString(),
      attempts: 3,
      errorClass: 'Error',
    });
    // The event is named; what the projection said about its data is not (it may quote personal data).
    expect(status.error!.message).toContain((await events.readAll({ after: good.position, maxCount: 1 }))[0].id);
    expect(JSON.stringify(status)).not.toMatch(/poison/i);
    expect(await engine.get('tally', 'counter-b')).toBeNull();
    // The process hears of it too (its log names the event), once, not on every batch.
    expect(changes.filter(([, state]) => state === 'failed')).toEqual([['tally', 'failed', 'Ticked']]);
  });

  it('rebuilds into a shadow copy while the old one keeps answering, then swaps it in and goes on live', async () => {
    const engine = await startEngine(tallyProjection());
    for (let i = 0; i < 30; i++) await events.append(`counter-${i % 3}`, [tick(1)], 'any');
    const head = (await events.head())!.position;
    await engine.waitFor(['tally'], head, 2000);
    const before = await engine.collection('tally');

    const progress: bigint[] = [];
    const rebuilding = rebuildProjection(tallyProjection(), events, store, {
      batchSize: 7,
      onProgress: (p) => progress.push(p.position),
    });
    // Readers keep getting answers from the active copy during the rebuild.
    expect(await engine.get<Tally>('tally', 'counter-0')).toMatchObject({ count: 10 });
    const result = await rebuilding;
    expect(result.replacedGeneration).toBe(before.generation);
    expect(progress.length).toBeGreaterThan(1);

    const after = await events.append('counter-0', [tick(1)], 'any');
    expect(await engine.waitFor(['tally'], after.position, 2000)).toBe(true);
    expect((await engine.collection('tally')).generation).toBe(result.generation);
    expect(await engine.get<Tally>('tally', 'counter-0')).toMatchObject({ count: 11, total: 11 });
    const [status] = await engine.statuses();
    expect(status).toMatchObject({ generation: result.generation, lagEvents: 0 });
  });

  it('drops the generation it replaced once the new one is live: no copy keeps values erased since', async () => {
    await startEngine(tallyProjection());
    await events.append('counter-0', [tick(1)], 'any');
    const documentsIn = (generation: number) =>
      store.find(collectionOf(tallyProjection(), generation), { limit: 10 }).then(
        (page) => page.items.length,
        () => 0, // the table is gone
      );
    const first = await rebuildProjection(tallyProjection(), events, store, {});
    expect(await documentsIn(1)).toBe(0);
    expect(await documentsIn(first.generation)).toBe(1);
    const second = await rebuildProjection(tallyProjection(), events, store, {});
    expect(second.replacedGeneration).toBe(first.generation);
    expect(await documentsIn(first.generation)).toBe(0);
    expect((await store.find(collectionOf(tallyProjection(), second.generation), { limit: 10 })).items).toHaveLength(1);
  });

  it('rebuilds several read models in one read of the log, each as it would be rebuilt alone', async () => {
    const resets: Projection<Tally> = { ...tallyProjection(), name: 'resets', eventTypes: ['Reset'] };
    for (let i = 0; i < 30; i++) await events.append(`counter-${i % 3}`, [tick(i + 1)], 'any');
    await events.append('counter-1', [tick(0, 'Reset')], 'any');
    await events.append('counter-2', [tick(5)], 'any');
    let subscriptions = 0;
    const counting: EventStore = Object.create(events, {
      subscribe: {
        value: (...args: Parameters<EventStore['subscribe']>) => (subscriptions++, events.subscribe(...args)),
      },
    });
    const together = await rebuildProjections([tallyProjection(), resets], counting, store, { batchSize: 7 });
    expect(subscriptions).toBe(1);
    expect(together.map((r) => [r.projection, r.eventsApplied])).toEqual([
      ['tally', 32],
      ['resets', 1],
    ]);
    const read = async (name: string, generation: number) =>
      (
        await store.getMany<Tally>(collectionOf({ name }, generation), ['counter-0', 'counter-1', 'counter-2'])
      ).entries();
    const togetherDocs = [...(await read('tally', together[0].generation))];
    const alone = await rebuildProjection(tallyProjection(), events, store, { batchSize: 7 });
    expect(togetherDocs).toEqual([...(await read('tally', alone.generation))]);
    expect(togetherDocs.map(([id, doc]) => [id, doc.total])).toEqual([
      ['counter-0', 145],
      ['counter-2', 5 + 165],
    ]);
  });

  it('a rebuild finds documents by query when an event needs it: the index built then from what is there, and the batch’s own documents too', async () => {
    interface Tagged {
      id: string;
      tags: string[];
    }
    const tagged: Projection<Tagged> = {
      name: 'tagged',
      version: 1,
      indexes: [{ fields: ['tags'], multikey: true }, { fields: ['id'] }],
      eventTypes: ['Ticked', 'Reset'],
      documentId: (event) => (event.type === 'Reset' ? null : event.streamId),
      documentsWhere: (event) =>
        event.type === 'Reset'
          ? { where: { tags: { $contains: `tag-${(event.data as { amount: number }).amount}` } } }
          : null,
      evolve: (doc, event: RecordedEvent) =>
        event.type === 'Reset'
          ? null
          : { id: event.streamId, tags: [`tag-${(event.data as { amount: number }).amount}`] },
    };
    for (let i = 0; i < 12; i++) await events.append(`doc-${i}`, [tick(i % 3)], 'any');
    await events.append('purge', [tick(1, 'Reset')], 'any');
    await events.append('doc-late', [tick(1)], 'any');
    const [result] = await rebuildProjections([tagged], events, store, { batchSize: 5 });
    const collection = collectionOf(tagged, result.generation);
    const withTag = async (tag: string) =>
      (await store.find<Tagged>(collection, { where: { tags: { $contains: tag } }, limit: 50 })).items
        .map((doc) => doc.id)
        .sort();
    expect(await withTag('tag-1')).toEqual(['doc-late']);
    expect(await withTag('tag-2')).toEqual(['doc-11', 'doc-2', 'doc-5', 'doc-8']);
  });

  it('rebuilds in the background when the projection version changes, and swaps when done', async () => {
    const v1 = await startEngine(tallyProjection(1));
    const { position } = await events.append('counter-a', [tick(2), tick(3)], 'no_stream');
    await v1.waitFor(['tally'], position, 2000);
    await v1.stop();
    const rebuilt = new Promise<void>((resolve) => {
      void startEngine(tallyProjection(2), { onRebuilt: () => resolve() });
    });
    await rebuilt;
    const v2 = engines.at(-1)!;
    await v2.waitFor(['tally'], position, 2000);
    // Version 2 doubles every amount: the swapped-in copy was built by the new code.
    expect(await v2.get<Tally>('tally', 'counter-a')).toMatchObject({ count: 2, total: 10 });
  });

  it('never applies an event twice when two processes run the same projection', async () => {
    const a = await startEngine(tallyProjection());
    const b = await startEngine(tallyProjection());
    let last = 0n;
    for (let i = 0; i < 200; i++) last = (await events.append(`counter-${i % 4}`, [tick(1)], 'any')).position;
    expect(await a.waitFor(['tally'], last, 5000)).toBe(true);
    expect(await b.waitFor(['tally'], last, 5000)).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(await a.get<Tally>('tally', `counter-${i}`)).toMatchObject({ count: 50, total: 50 });
  });

  it('makes every read under a barrier wait until its read model has reached the position, whichever it is', async () => {
    // An API reading while a projector elsewhere catches up: the read is issued before the fold.
    const reader = await startEngine(tallyProjection(), { runProjections: false });
    await events.append('counter-a', [tick(1)], 'no_stream');
    const { position } = await events.append('counter-a', [tick(2)], 0);
    const read = readingAfter(position, 5000, () => reader.get<Tally>('tally', 'counter-a'));
    await startEngine(tallyProjection());
    expect(await read).toMatchObject({ count: 2, total: 3 });
    // Outside a barrier a read answers what is there, at once.
    expect(await reader.count('tally')).toBe(1);
  });

  it('holds a direct read of the store through collection() behind the barrier too', async () => {
    const reader = await startEngine(tallyProjection(), { runProjections: false });
    const { position } = await events.append('counter-c', [tick(4)], 'no_stream');
    const read = readingAfter(position, 5000, async () =>
      store.get<Tally>((await reader.collection('tally')).collection, 'counter-c'),
    );
    await startEngine(tallyProjection());
    expect(await read).toMatchObject({ count: 1, total: 4 });
  });

  it('refuses a read under a barrier its read model does not reach in time, naming neither value nor document', async () => {
    const reader = await startEngine(tallyProjection(), { runProjections: false });
    const { position } = await events.append('counter-a', [tick(1)], 'no_stream');
    const read = readingAfter(position, 50, () => reader.find('tally', { limit: 10 }));
    await expect(read).rejects.toBeInstanceOf(ReadModelBehind);
    await expect(read).rejects.toThrow(`tally has not reached position ${position}`);
  });

  it('times out a wait for a position no read model has reached', async () => {
    const engine = await startEngine(tallyProjection());
    expect(await engine.waitFor(['tally'], 10_000n, 50)).toBe(false);
  });
});
