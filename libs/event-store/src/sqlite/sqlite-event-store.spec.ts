import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { event, eventStoreContract } from '../contract/event-store.contract.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { UnreadableEvent } from '../event-store.errors.js';

eventStoreContract('sqlite', async ({ upcasters }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-es-'));
  const file = join(dir, 'events.sqlite');
  const opened: SqliteDatabase[] = [];
  const open = () => {
    const db = openSqliteDatabase(file);
    opened.push(db);
    return new SqliteEventStore(db, { upcasters, pollIntervalMs: 50 });
  };
  return {
    store: open(),
    reopen: async () => open(),
    dispose: async () => {
      for (const db of opened) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite event store across processes', () => {
  it('delivers every event in order exactly once when another process appends in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pi-es-x-'));
    const file = join(dir, 'events.sqlite');
    const [dbA, dbB] = [openSqliteDatabase(file), openSqliteDatabase(file)];
    const a = new SqliteEventStore(dbA, { pollIntervalMs: 20 });
    const b = new SqliteEventStore(dbB, { pollIntervalMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const batch of a.subscribe({ signal: controller.signal, filter: { streamCategories: ['x'] } })) {
        seen.push(...batch.events.map((e) => e.type));
        if (seen.length >= 60) controller.abort();
      }
    })();
    for (let i = 0; i < 60; i++) {
      const store = i % 3 === 0 ? b : a;
      await store.append(`x-${i % 5}`, [event(`E${i}`)], 'any');
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 3));
    }
    const timer = setTimeout(() => controller.abort(), 5000);
    await done;
    clearTimeout(timer);
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `E${i}`));
    dbA.close();
    dbB.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sqlite event store live subscribers', () => {
  it('woken by this process’s commits, take the new events without asking SQLite for the head or the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pi-es-live-'));
    const db = openSqliteDatabase(join(dir, 'events.sqlite'));
    // A poll far off: only commits wake the subscribers here.
    const store = new SqliteEventStore(db, { pollIntervalMs: 60_000 });
    const controller = new AbortController();
    try {
      await store.append('x-0', [event('Warm')], 'any');
      const seen = [0, 1, 2].map(() => [] as string[]);
      const resolvers: (() => void)[] = [];
      const caughtUp = seen.map(() => new Promise<void>((resolve) => resolvers.push(resolve)));
      const running = seen.map((events, i) =>
        (async () => {
          for await (const batch of store.subscribe({
            signal: controller.signal,
            filter: { streamCategories: ['x'] },
          })) {
            events.push(...batch.events.map((e) => e.type));
            if (events.length >= 1) resolvers[i]();
          }
        })(),
      );
      await Promise.all(caughtUp);
      let queries = 0;
      const prepared = (store as unknown as { statements: Record<string, { get: unknown; all: unknown }> }).statements;
      for (const statement of Object.values(prepared)) {
        for (const method of ['get', 'all'] as const) {
          const original = statement[method] as (...args: unknown[]) => unknown;
          statement[method] = (...args: unknown[]) => (queries++, original.apply(statement, args));
        }
      }
      for (let i = 1; i <= 20; i++) await store.append(`x-${i}`, [event(`E${i}`)], 'any');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen.map((events) => events.length)).toEqual([21, 21, 21]);
      // Twenty appends, two look-ups each (a retried append? the stream's revision); none for the three subscribers.
      expect(queries).toBeLessThanOrEqual(20 * 2);
      controller.abort();
      await Promise.allSettled(running);
    } finally {
      controller.abort();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite event store group commit', () => {
  it('commits concurrent appends together, and an append still waiting when the store closes is stored, not lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pi-es-group-'));
    const file = join(dir, 'events.sqlite');
    try {
      const db = openSqliteDatabase(file);
      const store = new SqliteEventStore(db);
      const before = db.prepare('SELECT COUNT(*) FROM events').pluck();
      const appends = Array.from({ length: 10 }, (_, i) => store.append(`group-${i}`, [event('Grouped')], 'no_stream'));
      // Nothing is written until the turn ends: then all ten in one commit.
      expect(before.get()).toBe(0);
      await Promise.all(appends);
      expect(before.get()).toBe(10);
      const late = store.append('group-late', [event('Late')], 'no_stream');
      await store.close();
      db.close();
      await expect(late).resolves.toMatchObject({ nextExpectedRevision: 0 });
      const reopened = openSqliteDatabase(file);
      expect(await new SqliteEventStore(reopened).readStream('group-late')).toHaveLength(1);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite event store with an event it cannot read', () => {
  it('hands over every event before it, then names it (id, type, position) without quoting its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pi-es-bad-'));
    const db = openSqliteDatabase(join(dir, 'events.sqlite'));
    try {
      const store = new SqliteEventStore(db);
      const first = await store.append('s-1', [event('Good')], 'no_stream');
      db.prepare(
        'INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
      ).run('bad-1', 's-1', 's', 1, 'Good', '{"name":"Jane Roe","phone":', '{}', new Date().toISOString());
      await store.append('s-1', [event('Good')], 1);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['Good']);
      const error = await store.readAll({ after: first.position }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnreadableEvent);
      expect((error as UnreadableEvent).event).toMatchObject({
        id: 'bad-1',
        type: 'Good',
        position: first.position + 1n,
      });
      expect((error as Error).message).not.toMatch(/Jane|phone/);
      const batches: string[] = [];
      const failure = await (async () => {
        for await (const batch of store.subscribe({ filter: { eventTypes: ['Good'] } }))
          batches.push(...batch.events.map((e) => e.id));
      })().catch((e: unknown) => e);
      expect(batches).toHaveLength(1);
      expect(failure).toBeInstanceOf(UnreadableEvent);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
