import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { type NewEvent, type RecordedEvent } from '@pi/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadModelStore } from '../document-store.port.js';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store.js';
import type { Projection } from './projection.js';
import { ProjectionEngine } from './projection-engine.js';

interface Count {
  id: string;
  count: number;
}

/** Counts `Ticked` events per `data.counter`; an event without one cannot be placed. */
const counting: Projection<Count> = {
  name: 'counting',
  version: 1,
  indexes: [],
  eventTypes: ['Ticked'],
  documentId: (event) => {
    const counter = (event.data as { counter?: string }).counter;
    if (!counter) throw new TypeError('no counter');
    return counter;
  },
  evolve: (doc, event: RecordedEvent) => ({
    id: (event.data as { counter: string }).counter,
    count: (doc?.count ?? 0) + 1,
  }),
};

const event = (type: string, data: object): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    practiceId: 'p1',
    actor: 'test',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: new Date().toISOString(),
  },
});

/** A document store whose commits fail with SQLite's "disk full" while `full` is set. */
function fillableDisk(store: ReadModelStore) {
  const disk = { full: false, refused: 0 };
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') {
        return (...args: Parameters<ReadModelStore['commit']>) => {
          if (disk.full) {
            disk.refused += 1;
            return Promise.reject(
              Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' }),
            );
          }
          return target.commit(...args);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, disk };
}

const until = async (condition: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('projections under faults', () => {
  let dir: string;
  let dbs: SqliteDatabase[];
  const engines: ProjectionEngine[] = [];
  const open = () => {
    const db = openSqliteDatabase(join(dir, 'data.sqlite'));
    dbs.push(db);
    return { db, events: new SqliteEventStore(db, { pollIntervalMs: 20 }), store: new SqliteDocumentStore(db) };
  };
  const start = async (engine: ProjectionEngine) => {
    engines.push(engine);
    await engine.start();
    return engine;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-faults-'));
    dbs = [];
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores an idle read model’s checkpoint at the head once the log goes quiet, so another process reads its writes', async () => {
    const projector = open();
    const api = open();
    const running = await start(new ProjectionEngine(projector.events, projector.store, [counting]));
    const reading = await start(new ProjectionEngine(api.events, api.store, [counting], { runProjections: false }));
    // Events this read model ignores, one right after another: the second lands inside the one-second write interval.
    const first = await api.events.append('other-1', [event('Unrelated', {})], 'no_stream');
    await running.waitFor(['counting'], first.position, 2000);
    const second = await api.events.append('other-2', [event('Unrelated', {})], 'no_stream');
    expect(await reading.waitFor(['counting'], second.position, 2000)).toBe(true);
    const [status] = await reading.statuses();
    expect(status).toMatchObject({ lagEvents: 0, runsIn: 'projector' });
  });

  it('waits out a full disk for as long as it lasts, then resumes by itself without losing an event', async () => {
    const { events, store: real } = open();
    const { store, disk } = fillableDisk(real);
    const engine = await start(
      new ProjectionEngine(events, store, [counting], { retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 20 } }),
    );
    disk.full = true;
    const { position } = await events.append(
      's-1',
      [event('Ticked', { counter: 'a' }), event('Ticked', { counter: 'a' })],
      'no_stream',
    );
    await until(() => disk.refused >= 10);
    const [during] = await engine.statuses();
    expect(during).toMatchObject({
      state: 'retrying',
      error: { errorClass: 'SqliteError SQLITE_FULL', eventId: null },
    });
    disk.full = false;
    expect(await engine.waitFor(['counting'], position, 3000)).toBe(true);
    expect(await engine.get<Count>('counting', 'a')).toMatchObject({ count: 2 });
    const [after] = await engine.statuses();
    expect(after).toMatchObject({ state: 'live', error: null, lagEvents: 0 });
  });

  it('names the event that broke a batch, not the batch’s first', async () => {
    const { events, store } = open();
    await events.append('s-1', [event('Ticked', { counter: 'a' })], 'no_stream');
    const broken = event('Ticked', {});
    await events.append('s-1', [broken], 0);
    const engine = await start(
      new ProjectionEngine(events, store, [counting], { retry: { attempts: 2, baseDelayMs: 2 } }),
    );
    await until(async () => (await engine.statuses())[0].state === 'failed');
    const [status] = await engine.statuses();
    expect(status.error).toMatchObject({
      eventId: broken.id,
      eventType: 'Ticked',
      position: '2',
      errorClass: 'TypeError',
    });
    expect(status.position).toBe('0');
  });

  it('reports an event whose data is not JSON as an ordinary failure, by id, type and position, never quoting it', async () => {
    const projector = open();
    const api = open();
    await projector.events.append('s-1', [event('Ticked', { counter: 'a' })], 'no_stream');
    projector.db
      .prepare(
        'INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
      )
      .run('broken-1', 's-1', 's', 1, 'Ticked', '{"name":"Jane Roe", phone', '{}', new Date().toISOString());
    const running = await start(
      new ProjectionEngine(projector.events, projector.store, [counting], { retry: { attempts: 2, baseDelayMs: 2 } }),
    );
    await until(async () => (await running.statuses())[0].state === 'failed');
    const reading = await start(new ProjectionEngine(api.events, api.store, [counting], { runProjections: false }));
    for (const engine of [running, reading]) {
      const [status] = await engine.statuses();
      // Everything before it is applied; it and what follows wait: nothing is skipped.
      expect(status).toMatchObject({
        state: 'failed',
        position: '1',
        lagEvents: 1,
        error: { eventId: 'broken-1', eventType: 'Ticked', position: '2', errorClass: 'SyntaxError' },
      });
      expect(status.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(status)).not.toMatch(/Jane|phone/);
    }
    expect((await reading.statuses())[0].runsIn).toBe('projector');
  });
});
