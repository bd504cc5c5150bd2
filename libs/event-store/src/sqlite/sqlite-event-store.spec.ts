import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { event, eventStoreContract } from '../contract/event-store.contract.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEventStore } from './sqlite-event-store.js';

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
