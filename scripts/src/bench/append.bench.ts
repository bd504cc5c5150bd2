import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type NewEvent } from '@pi/event-store';

const event = (i: number): NewEvent => ({
  id: randomUUID(),
  type: 'PracticeProfileUpdated',
  data: { practiceId: 'p', changes: { about: `About ${i}` }, updatedAt: '2026-11-26T10:00:00.000Z' },
  metadata: { practiceId: 'p', actor: 'bench', correlationId: 'c', causationId: 'c', occurredAt: '2026-11-26T10:00:00.000Z' },
});

/** Append throughput of the SQLite store: one event per commit, and 100 events per commit. */
export async function appendBench(options: { single: number; batched: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-append-'));
  const db = openSqliteDatabase(join(dir, 'bench.sqlite'));
  const store = new SqliteEventStore(db);
  try {
    let started = performance.now();
    for (let i = 0; i < options.single; i++) await store.append(`practice-${i % 100}`, [event(i)], 'any');
    const singleSeconds = (performance.now() - started) / 1000;
    const batch = 100;
    started = performance.now();
    for (let i = 0; i < options.batched / batch; i++) await store.append(`practice-b${i % 100}`, Array.from({ length: batch }, (_, j) => event(j)), 'any');
    const batchedSeconds = (performance.now() - started) / 1000;
    return {
      name: 'sqlite-append',
      singleEventCommits: { events: options.single, seconds: singleSeconds, eventsPerSecond: Math.round(options.single / singleSeconds) },
      batchedCommits: { eventsPerCommit: batch, events: options.batched, seconds: batchedSeconds, eventsPerSecond: Math.round(options.batched / batchedSeconds) },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
