import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import pg from 'pg';
import { event, eventStoreContract } from '../contract/event-store.contract.js';
import { UnreadableEvent } from '../event-store.errors.js';
import type { RecordedEvent } from '../event-store.port.js';
import { UpcasterRegistry } from '../upcasters.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { advisoryKey } from './postgres-migrations.js';
import { describeOnPostgres, dropSchema, freshSchema } from './postgres.fixture.js';

describeOnPostgres('event store', (url) =>
  eventStoreContract('postgres', async ({ upcasters }) => {
    const schema = freshSchema('es');
    const opened: PostgresEventStore[] = [];
    const open = async () => {
      const store = await PostgresEventStore.open({ url, schema, upcasters, pollIntervalMs: 50 });
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      dispose: async () => {
        for (const store of opened) await store.close();
        await dropSchema(url, schema);
      },
    };
  }),
);

describeOnPostgres('postgres event store', (url) => {
  /** Another process mid-append as the store does it: streams locked, positions drawn under the draw lock, not committed. */
  const inFlight = async (schema: string, stream: string, type: string) => {
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    const draw = advisoryKey(`draw:${schema}`);
    await client.query('BEGIN');
    await client.query('SELECT pi_begin_append($1, $2, $3)', [[stream], 1, draw]);
    await client.query(
      `INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
       VALUES ($1, $2, 'x', 0, $3, 1, '{}', '{"practiceId":"p1"}', 'now')`,
      [randomUUID(), stream, type],
    );
    await client.query('SELECT pg_advisory_unlock($1)', [draw]);
    return {
      commit: async () => (await client.query('COMMIT'), await client.end()),
      rollback: async () => (await client.query('ROLLBACK'), await client.end()),
    };
  };

  const types = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

  it('lets writers commit while another transaction is in flight, and never lets a reader skip the one that commits late', async () => {
    const schema = freshSchema('gap');
    const store = await PostgresEventStore.open({ url, schema, pollIntervalMs: 20 });
    const seen: RecordedEvent[] = [];
    const controller = new AbortController();
    try {
      await store.append('x-0', [event('Before')], 'no_stream');
      // A long-running transaction draws its position first, and holds it.
      const late = await inFlight(schema, 'x-1', 'Late');
      // Another writer draws after it and commits first: it does not wait for the first.
      const after = await store.append('x-2', [event('After')], 'no_stream');
      expect((await store.head())!.position).toBe(after.position);
      const reading = (async () => {
        for await (const batch of store.subscribe({ signal: controller.signal })) {
          seen.push(...batch.events);
          if (seen.some((e) => e.type === 'After')) return;
        }
      })();
      // Until the first commits, readers stop before it: live, catch-up and filtered alike.
      await new Promise((r) => setTimeout(r, 300));
      expect(types(seen)).toEqual(['Before']);
      expect(types(await store.readAll())).toEqual(['Before']);
      expect(types(await store.readAll({ filter: { eventTypes: ['After'] } }))).toEqual([]);
      await late.commit();
      await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
      expect(types(seen)).toEqual(['Before', 'Late', 'After']);
      expect(types(await store.readAll())).toEqual(['Before', 'Late', 'After']);
      const positions = seen.map((e) => e.position);
      expect(positions[1] < positions[2]).toBe(true);
    } finally {
      controller.abort();
      await store.close();
      await dropSchema(url, schema);
    }
  });

  it('goes on past a rolled-back transaction as soon as it ends', async () => {
    const schema = freshSchema('rollback');
    const store = await PostgresEventStore.open({ url, schema, pollIntervalMs: 20 });
    try {
      const abandoned = await inFlight(schema, 'x-1', 'Abandoned');
      await store.append('x-2', [event('Kept')], 'no_stream');
      expect(types(await store.readAll())).toEqual([]);
      await abandoned.rollback();
      expect(types(await store.readAll())).toEqual(['Kept']);
    } finally {
      await store.close();
      await dropSchema(url, schema);
    }
  });

  it('several processes appending at once: a live subscriber and a catch-up reader each see every committed event once, in stream order, and read their writes', async () => {
    const schema = freshSchema('writers');
    const writers = await Promise.all(
      [0, 1, 2].map(() => PostgresEventStore.open({ url, schema, pollIntervalMs: 20, maxConnections: 4 })),
    );
    const reader = await PostgresEventStore.open({ url, schema, pollIntervalMs: 20 });
    const live: RecordedEvent[] = [];
    const controller = new AbortController();
    const subscribed = (async () => {
      for await (const batch of reader.subscribe({ signal: controller.signal })) live.push(...batch.events);
    })();
    try {
      // Each process appends to its own streams and, with `any`, to streams they all share; some transactions
      // stay open a while (a slow network, a long commit) while the others draw and commit around them.
      const written = await Promise.all(
        writers.map(async (store, w) => {
          const results: bigint[] = [];
          for (let i = 0; i < 40; i++) {
            const appends = [
              store.append(`own${w}-${i % 5}`, [event(`W${w}-${i}`)], 'any'),
              store.append(`shared-${i % 3}`, [event(`S${w}-${i}`)], 'any'),
            ];
            if (i % 10 === 0) {
              const slow = await inFlight(schema, `slow${w}-${i}`, `Slow${w}-${i}`);
              setTimeout(() => void slow.commit(), 30);
            }
            results.push(...(await Promise.all(appends)).map((r) => r.position));
          }
          return results;
        }),
      );
      const expected = 3 * (40 * 2 + 4);
      const newest = written.flat().reduce((a, b) => (a > b ? a : b));
      // Read-your-writes across processes: the reader reaches what each writer was answered.
      for (let i = 0; i < 200 && (live.length < expected || live.at(-1)!.position < newest); i++)
        await new Promise((r) => setTimeout(r, 25));
      const caughtUp = await reader.readAll({ maxCount: 10_000 });
      for (const [name, events] of [
        ['live', live],
        ['catch-up', caughtUp],
      ] as const) {
        expect(events, name).toHaveLength(expected);
        expect(new Set(events.map((e) => e.id)).size, name).toBe(expected);
        for (let i = 1; i < events.length; i++) expect(events[i].position > events[i - 1].position, name).toBe(true);
        const revisions = new Map<string, number>();
        for (const e of events) {
          expect(e.revision, `${name}: ${e.streamId}`).toBe((revisions.get(e.streamId) ?? -1) + 1);
          revisions.set(e.streamId, e.revision);
        }
      }
      expect(live.map((e) => e.id)).toEqual(caughtUp.map((e) => e.id));
      for (const position of written.flat()) expect(caughtUp.some((e) => e.position === position)).toBe(true);
    } finally {
      controller.abort();
      await subscribed;
      for (const store of [...writers, reader]) await store.close();
      await dropSchema(url, schema);
    }
  });

  it('wakes a subscriber of another process by NOTIFY, long before its poll interval', async () => {
    const schema = freshSchema('notify');
    const [reader, writer] = [
      await PostgresEventStore.open({ url, schema, pollIntervalMs: 60_000 }),
      await PostgresEventStore.open({ url, schema, pollIntervalMs: 60_000 }),
    ];
    const controller = new AbortController();
    try {
      const got = (async () => {
        for await (const batch of reader.subscribe({ signal: controller.signal }))
          if (batch.events.some((e) => e.type === 'Woken')) return true;
        return false;
      })();
      await new Promise((r) => setTimeout(r, 200));
      await writer.append('y-1', [event('Woken')], 'no_stream');
      const woken = await Promise.race([got, new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      expect(woken).toBe(true);
    } finally {
      controller.abort();
      await reader.close();
      await writer.close();
      await dropSchema(url, schema);
    }
  });

  it('lets a live subscriber that does not take an unreadable event go on past it; one that takes it stops on it', async () => {
    const schema = freshSchema('unread');
    const upcasters = new UpcasterRegistry([
      {
        type: 'Broken',
        fromVersion: 1,
        upcast: () => {
          throw new Error('cannot upcast');
        },
      },
    ]);
    const store = await PostgresEventStore.open({ url, schema, upcasters, pollIntervalMs: 20 });
    const controller = new AbortController();
    try {
      const quiet = (async () => {
        for await (const batch of store.subscribe({ signal: controller.signal, filter: { streamCategories: ['y'] } }))
          if (batch.events.some((e) => e.type === 'Fine')) return 'got it';
        return 'aborted';
      })();
      const everything = (async () => {
        try {
          for await (const batch of store.subscribe({ signal: controller.signal })) void batch;
          return 'aborted';
        } catch (error) {
          return error instanceof UnreadableEvent ? 'stopped on it' : String(error);
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      await store.append('x-1', [event('Broken')], 'no_stream');
      await store.append('y-1', [event('Fine')], 'no_stream');
      const timeout = new Promise<string>((r) => setTimeout(() => r('timed out'), 5000));
      expect(await Promise.race([quiet, timeout])).toBe('got it');
      expect(await Promise.race([everything, timeout])).toBe('stopped on it');
    } finally {
      controller.abort();
      await store.close();
      await dropSchema(url, schema);
    }
  });

  it('applies its migrations once when several processes start at the same moment', async () => {
    const schema = freshSchema('mig');
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresEventStore.open({ url, schema })));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT component, version FROM ${schema}.schema_migrations ORDER BY component, version`,
      );
      expect(rows).toEqual([
        { component: 'event-store', version: 1 },
        { component: 'event-store', version: 2 },
        { component: 'event-store', version: 3 },
        { component: 'event-store', version: 4 },
        { component: 'event-store', version: 5 },
      ]);
    } finally {
      await client.end();
      for (const store of stores) await store.close();
      await dropSchema(url, schema);
    }
  });
});
