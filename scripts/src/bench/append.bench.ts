import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteSynchronous } from '@pi/event-store/sqlite';
import { newEventId, type NewEvent } from '@pi/event-store';

/** A small event, as the append and PostgreSQL benchmarks write them. */
export const benchEvent = (i: number): NewEvent => ({
  id: newEventId(),
  type: 'PracticeProfileUpdated',
  data: { practiceId: 'p', changes: { about: `About ${i}` }, updatedAt: '2026-11-26T10:00:00.000Z' },
  metadata: {
    practiceId: 'p',
    actor: 'bench',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-11-26T10:00:00.000Z',
  },
});

export const rate = (events: number, started: number) => {
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds) };
};

/** One durability setting: single-event commits one after another, the same from 16 concurrent writers (group commit), and 100-event commits. */
async function measure(synchronous: SqliteSynchronous, options: { single: number; batched: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-append-'));
  const db = openSqliteDatabase(join(dir, 'bench.sqlite'), { synchronous });
  const store = new SqliteEventStore(db);
  try {
    let started = performance.now();
    for (let i = 0; i < options.single; i++) await store.append(`practice-${i % 100}`, [benchEvent(i)], 'any');
    const sequential = rate(options.single, started);
    const writers = 16;
    started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < options.single / writers; i++) await store.append(`practice-w${w}`, [benchEvent(i)], 'any');
      }),
    );
    const concurrent = { writers, ...rate(options.single, started) };
    const batch = 100;
    started = performance.now();
    for (let i = 0; i < options.batched / batch; i++)
      await store.append(
        `practice-b${i % 100}`,
        Array.from({ length: batch }, (_, j) => benchEvent(j)),
        'any',
      );
    const batched = { eventsPerCommit: batch, ...rate(options.batched, started) };
    return { singleEventCommits: sequential, concurrentSingleEventCommits: concurrent, batchedCommits: batched };
  } finally {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Append throughput of the SQLite store at `synchronous=FULL` (the default:
 * acknowledged means on disk) with `NORMAL` as the baseline measured in the
 * same run; `fullToNormal` is what durability costs (1 = nothing).
 */
export async function appendBench(options: { single: number; batched: number }) {
  const normal = await measure('normal', options);
  const full = await measure('full', options);
  const ratio = (key: 'singleEventCommits' | 'concurrentSingleEventCommits' | 'batchedCommits') =>
    Number((full[key].eventsPerSecond / normal[key].eventsPerSecond).toFixed(2));
  return {
    name: 'sqlite-append',
    ...full,
    synchronous: 'full',
    baseline: { synchronous: 'normal', ...normal },
    fullToNormal: {
      singleEventCommits: ratio('singleEventCommits'),
      concurrentSingleEventCommits: ratio('concurrentSingleEventCommits'),
      batchedCommits: ratio('batchedCommits'),
    },
  };
}
