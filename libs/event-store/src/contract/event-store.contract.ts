import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevision } from '../event-store.errors.js';
import {
  START,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store.port.js';
import { UpcasterRegistry } from '../upcasters.js';

export interface ContractHarness {
  store: EventStore;
  /** Opens a second store on the same data, as after a restart (optional). */
  reopen?: () => Promise<EventStore>;
  /** False where appendMany writes its parts one after another (KurrentDB through @eventstore/db-client). */
  atomicAppendMany?: boolean;
  dispose(): Promise<void>;
}

export type HarnessFactory = (options: { upcasters: UpcasterRegistry }) => Promise<ContractHarness>;

/** Each run writes to streams with a fresh suffix, so the suite also runs against a shared server. */
function uniqueStream(category: string): string {
  return `${category}-${randomUUID()}`;
}

export function event(type: string, data: Record<string, unknown> = {}, schemaVersion?: number): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    metadata: {
      practiceId: 'p1',
      actor: 'test',
      correlationId: 'c1',
      causationId: 'c1',
      occurredAt: '2026-11-26T10:00:00.000Z',
    },
  };
}

async function collect(
  store: EventStore,
  options: SubscribeOptions,
  until: (seen: RecordedEvent[]) => boolean,
  timeoutMs = 5000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: RecordedEvent[] = [];
  const checkpoints: bigint[] = [];
  try {
    for await (const batch of store.subscribe({ ...options, signal: controller.signal })) {
      seen.push(...batch.events);
      checkpoints.push(batch.checkpoint);
      if (until(seen)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return { seen, checkpoints };
}

/** The contract every EventStore adapter passes. */
export function eventStoreContract(name: string, factory: HarnessFactory): void {
  describe(`event store contract: ${name}`, () => {
    let harness: ContractHarness;
    let store: EventStore;
    const upcasters = new UpcasterRegistry([
      {
        type: 'ContractUpcasted',
        fromVersion: 1,
        upcast: (d) => ({ ...(d as object), fullName: (d as { name: string }).name, name: undefined }),
      },
      { type: 'ContractUpcasted', fromVersion: 2, upcast: (d) => ({ ...(d as object), upcastedTwice: true }) },
    ]);

    beforeEach(async () => {
      harness = await factory({ upcasters });
      store = harness.store;
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('appends to a new stream with "no stream" expected and reads it back in order', async () => {
      const stream = uniqueStream('contract');
      const result = await store.append(stream, [event('A', { n: 1 }), event('B', { n: 2 })], 'no_stream');
      expect(result.nextExpectedRevision).toBe(1);
      const events = await store.readStream(stream);
      expect(events.map((e) => [e.type, e.revision, e.data])).toEqual([
        ['A', 0, { n: 1 }],
        ['B', 1, { n: 2 }],
      ]);
      expect(events[1].position).toBe(result.position);
      expect(events[0].metadata).toEqual(event('X').metadata);
    });

    it('refuses an append whose expected revision is wrong, and stores nothing', async () => {
      const stream = uniqueStream('contract');
      await store.append(stream, [event('A')], 'no_stream');
      await expect(store.append(stream, [event('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(stream, [event('B')], 5)).rejects.toMatchObject({
        streamId: stream,
        expected: 5,
        actual: 0,
      });
      await expect(store.append(uniqueStream('contract'), [event('B')], 0)).rejects.toMatchObject({ actual: null });
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('appends one command to several streams in one call, each at its own revision', async () => {
      const [a, b, c] = [uniqueStream('contract'), uniqueStream('contractb'), uniqueStream('contractc')];
      await store.append(b, [event('B0')], 'no_stream');
      const results = await store.appendMany([
        { streamId: a, events: [event('A1', { n: 1 }), event('A2', { n: 2 })], expected: 'no_stream' },
        { streamId: b, events: [event('B1')], expected: 0 },
        { streamId: c, events: [event('C1')], expected: 'any' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1, 0]);
      expect(results[0].position < results[1].position && results[1].position < results[2].position).toBe(true);
      expect((await store.readStream(a)).map((e) => [e.type, e.revision, e.data])).toEqual([
        ['A1', 0, { n: 1 }],
        ['A2', 1, { n: 2 }],
      ]);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1']);
      expect((await store.readStream(c))[0].position).toBe(results[2].position);
    });

    it('stores none of a multi-stream append when one stream has moved, and names that stream', async () => {
      if (harness.atomicAppendMany === false) return;
      const [a, b] = [uniqueStream('contract'), uniqueStream('contractb')];
      await store.append(b, [event('B0')], 'no_stream');
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A1')], expected: 'no_stream' },
          { streamId: b, events: [event('B1')], expected: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamId: b, actual: 0 });
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(b)).toHaveLength(1);
      // Beside other appends in the same moment (one group commit), the refused call still leaves nothing.
      const other = uniqueStream('contract');
      const [refused, accepted] = await Promise.allSettled([
        store.appendMany([
          { streamId: a, events: [event('A1')], expected: 'no_stream' },
          { streamId: b, events: [event('B1')], expected: 5 },
        ]),
        store.append(other, [event('O1')], 'no_stream'),
      ]);
      expect([refused.status, accepted.status]).toEqual(['rejected', 'fulfilled']);
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(other)).toHaveLength(1);
    });

    it('answers a retried multi-stream append as the first time and stores nothing twice', async () => {
      const [a, b] = [uniqueStream('contract'), uniqueStream('contractb')];
      const appends = [
        { streamId: a, events: [event('A1')], expected: 'no_stream' as const },
        { streamId: b, events: [event('B1'), event('B2')], expected: 'no_stream' as const },
      ];
      const first = await store.appendMany(appends);
      expect(await store.appendMany(appends)).toEqual(first);
      expect(await store.readStream(b)).toHaveLength(2);
    });

    it('refuses a multi-stream append that names a stream twice or has an empty part, storing nothing', async () => {
      const a = uniqueStream('contract');
      await expect(
        store.appendMany([
          { streamId: a, events: [event('A1')], expected: 'any' },
          { streamId: a, events: [event('A2')], expected: 'any' },
        ]),
      ).rejects.toThrow(/twice/);
      await expect(store.appendMany([{ streamId: a, events: [], expected: 'any' }])).rejects.toThrow(/at least one/);
      await expect(store.appendMany([])).rejects.toThrow(/at least one/);
      expect(await store.readStream(a)).toEqual([]);
    });

    it('appends with an exact revision and with "any"', async () => {
      const stream = uniqueStream('contract');
      const first = await store.append(stream, [event('A')], 'no_stream');
      const second = await store.append(stream, [event('B')], first.nextExpectedRevision);
      const third = await store.append(stream, [event('C')], 'any');
      expect([second.nextExpectedRevision, third.nextExpectedRevision]).toEqual([1, 2]);
      expect(third.position > second.position && second.position > first.position).toBe(true);
    });

    it('lets exactly one of several racing writers win on the same revision', async () => {
      const stream = uniqueStream('contract');
      await store.append(stream, [event('A')], 'no_stream');
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(stream, [event('B')], 0)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevision);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('keeps concurrent appends to many streams apart: a refused one fails alone, the others are all stored in order', async () => {
      const streams = Array.from({ length: 20 }, () => uniqueStream('contract'));
      const taken = uniqueStream('contract');
      await store.append(taken, [event('Existing')], 'no_stream');
      const results = await Promise.allSettled([
        ...streams.map((stream, i) =>
          store.append(stream, [event('First', { i }), event('Second', { i })], 'no_stream'),
        ),
        store.append(taken, [event('Refused')], 'no_stream'),
        streams[0] ? store.append(streams[0], [event('Third')], 1) : Promise.resolve(null),
      ]);
      expect(results.slice(0, 20).every((r) => r.status === 'fulfilled')).toBe(true);
      expect(results[20]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevision) });
      expect(results[21].status).toBe('fulfilled');
      expect((await store.readStream(taken)).map((e) => e.type)).toEqual(['Existing']);
      for (const [i, stream] of streams.entries()) {
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.type)).toEqual(i === 0 ? ['First', 'Second', 'Third'] : ['First', 'Second']);
        expect(stored[1].position > stored[0].position).toBe(true);
      }
    });

    it('treats re-appending already stored event ids as a no-op that answers like the first time', async () => {
      const stream = uniqueStream('contract');
      const batch = [event('A'), event('B')];
      const first = await store.append(stream, batch, 'no_stream');
      const again = await store.append(stream, batch, 'no_stream');
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('reads a stream from a revision with a maximum count', async () => {
      const stream = uniqueStream('contract');
      await store.append(stream, [event('A'), event('B'), event('C'), event('D')], 'no_stream');
      const events = await store.readStream(stream, { fromRevision: 1, maxCount: 2 });
      expect(events.map((e) => e.type)).toEqual(['B', 'C']);
      expect(await store.readStream(uniqueStream('contract'))).toEqual([]);
    });

    it('orders events across streams by commit, with strictly increasing positions', async () => {
      const [s1, s2] = [uniqueStream('contract'), uniqueStream('contract')];
      const start = (await store.head())?.position ?? START;
      await store.append(s1, [event('One')], 'no_stream');
      await store.append(s2, [event('Two')], 'no_stream');
      await store.append(s1, [event('Three')], 0);
      const all = (await store.readAll({ after: start, maxCount: 1000 })).filter(
        (e) => e.streamId === s1 || e.streamId === s2,
      );
      expect(all.map((e) => e.type)).toEqual(['One', 'Two', 'Three']);
      for (let i = 1; i < all.length; i++) expect(all[i].position > all[i - 1].position).toBe(true);
    });

    it('reads all after a position, exclusive, with a limit', async () => {
      const stream = uniqueStream('contract');
      await store.append(stream, [event('A'), event('B'), event('C')], 'no_stream');
      const [a] = await store.readStream(stream, { maxCount: 1 });
      const next = await store.readAll({ after: a.position, maxCount: 2 });
      expect(next.map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('catches up, then hands over to live delivery without losing or repeating an event', async () => {
      const stream = uniqueStream('handover');
      const start = (await store.head())?.position ?? START;
      await store.append(stream, [event('E0'), event('E1'), event('E2')], 'no_stream');
      const liveWriter = (async () => {
        for (let i = 3; i < 40; i++) {
          await store.append(stream, [event(`E${i}`)], i - 1);
          if (i % 5 === 0) await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const { seen } = await collect(
        store,
        { after: start, batchSize: 4, filter: { streamCategories: ['handover'] } },
        (s) => s.filter((e) => e.streamId === stream).length >= 40,
      );
      await liveWriter;
      expect(seen.filter((e) => e.streamId === stream).map((e) => e.type)).toEqual(
        Array.from({ length: 40 }, (_, i) => `E${i}`),
      );
    });

    it('subscribes from a checkpoint in the middle', async () => {
      const stream = uniqueStream('middle');
      await store.append(stream, [event('A'), event('B'), event('C'), event('D')], 'no_stream');
      const events = await store.readStream(stream);
      const { seen } = await collect(
        store,
        { after: events[1].position, filter: { streamCategories: ['middle'] } },
        (s) => s.some((e) => e.id === events[3].id),
      );
      expect(seen.filter((e) => e.streamId === stream).map((e) => e.type)).toEqual(['C', 'D']);
    });

    it('filters by event type and still moves the checkpoint past events it leaves out', async () => {
      const stream = uniqueStream('filter');
      const start = (await store.head())?.position ?? START;
      const wanted = `Wanted${randomUUID().slice(0, 8)}`;
      await store.append(stream, [event(wanted), event('Other'), event(wanted), event('Other')], 'no_stream');
      const last = (await store.readStream(stream)).at(-1)!;
      const { seen, checkpoints } = await collect(
        store,
        { after: start, filter: { eventTypes: [wanted] } },
        (_s) => false,
        400,
      ).catch(() => ({
        seen: [],
        checkpoints: [],
      }));
      expect(seen.map((e) => e.type)).toEqual([wanted, wanted]);
      expect(checkpoints.length).toBeGreaterThan(0);
      expect(checkpoints.at(-1)! >= last.position).toBe(true);
    });

    it('filters by stream category', async () => {
      const category = `cat${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      const start = (await store.head())?.position ?? START;
      await store.append(`${category}-1`, [event('In')], 'no_stream');
      await store.append(uniqueStream('elsewhere'), [event('Out')], 'no_stream');
      await store.append(`${category}-2`, [event('In')], 'no_stream');
      const { seen } = await collect(
        store,
        { after: start, filter: { streamCategories: [category] } },
        (s) => s.length >= 2,
      );
      expect(seen.map((e) => e.streamId)).toEqual([`${category}-1`, `${category}-2`]);
    });

    it("reads one practice's events of a type, in order, leaving the other practices' out", async () => {
      const type = `Practiced${randomUUID().slice(0, 8)}`;
      const start = (await store.head())?.position ?? START;
      const of = (practiceId: string, n: number): NewEvent => ({
        ...event(type, { n }),
        metadata: { ...event(type).metadata, practiceId },
      });
      await store.append(uniqueStream('practice'), [of('pa', 1), of('pb', 2), of('pa', 3)], 'no_stream');
      await store.append(uniqueStream('practice'), [of('pb', 4), of('pa', 5)], 'no_stream');
      const read = await store.readAll({ after: start, filter: { eventTypes: [type], practiceId: 'pa' } });
      expect(read.map((e) => (e.data as { n: number }).n)).toEqual([1, 3, 5]);
      const { seen } = await collect(
        store,
        { after: start, filter: { eventTypes: [type], practiceId: 'pb' } },
        (s) => s.length >= 2,
      );
      expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([2, 4]);
    });

    it('upcasts old schema versions on read and leaves the current version alone', async () => {
      const stream = uniqueStream('contract');
      await store.append(
        stream,
        [event('ContractUpcasted', { name: 'old' }, 1), event('ContractUpcasted', { fullName: 'new' }, 3)],
        'no_stream',
      );
      const [old, current] = await store.readStream(stream);
      expect(old.schemaVersion).toBe(3);
      expect(old.data).toEqual({ fullName: 'old', upcastedTwice: true });
      expect(current.schemaVersion).toBe(3);
      expect(current.data).toEqual({ fullName: 'new' });
    });

    it('reports the head of the log', async () => {
      const stream = uniqueStream('contract');
      const result = await store.append(stream, [event('A')], 'no_stream');
      const head = await store.head();
      expect(head!.position >= result.position).toBe(true);
      expect(Number.isNaN(Date.parse(head!.recordedAt))).toBe(false);
    });

    it('keeps every committed event across a restart', async ({ skip }) => {
      if (!harness.reopen) skip('this adapter has no restart to simulate');
      const stream = uniqueStream('durable');
      await store.append(stream, [event('A'), event('B')], 'no_stream');
      const reopened = await harness.reopen!();
      expect((await reopened.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
      await expect(reopened.append(stream, [event('C')], 0)).rejects.toBeInstanceOf(WrongExpectedRevision);
    });
  });
}
