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
  it('never lets a reader skip an event a concurrent writer commits late (positions are drawn in commit order)', async () => {
    const schema = freshSchema('gap');
    const store = await PostgresEventStore.open({ url, schema, pollIntervalMs: 20 });
    // Another process mid-append: it holds the writer lock, has drawn its position, and has not committed.
    const slowWriter = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await slowWriter.connect();
    const seen: RecordedEvent[] = [];
    const controller = new AbortController();
    try {
      await store.append('x-0', [event('Before')], 'no_stream');
      await slowWriter.query('BEGIN');
      await slowWriter.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey(`append:${schema}`)]);
      await slowWriter.query(
        `INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
         VALUES ('${randomUUID()}', 'x-1', 'x', 0, 'Late', 1, '{}', '{"practiceId":"p1"}', 'now')`,
      );
      let appended = false;
      const after = store.append('x-2', [event('After')], 'no_stream').then((r) => ((appended = true), r));
      const reading = (async () => {
        for await (const batch of store.subscribe({ signal: controller.signal })) {
          seen.push(...batch.events);
          if (seen.some((e) => e.type === 'After')) return;
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      expect(appended).toBe(false);
      expect(seen.map((e) => e.type)).toEqual(['Before']);
      await slowWriter.query('COMMIT');
      await after;
      await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
      expect(seen.map((e) => e.type)).toEqual(['Before', 'Late', 'After']);
      const positions = seen.map((e) => e.position);
      expect(positions[1] < positions[2]).toBe(true);
    } finally {
      controller.abort();
      await slowWriter.end();
      await store.close();
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
      ]);
    } finally {
      await client.end();
      for (const store of stores) await store.close();
      await dropSchema(url, schema);
    }
  });
});
