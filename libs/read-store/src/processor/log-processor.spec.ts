import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { type NewEvent } from '@pi/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store.js';
import { LogProcessor } from './log-processor.js';

const event = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'Job',
  data: { n },
  metadata: {
    practiceId: 'p1',
    actor: 't',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-11-30T10:00:00.000Z',
  },
});
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('the log processor every reactor runs', () => {
  let dir: string;
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let processor: LogProcessor | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-processor-'));
    db = openSqliteDatabase(join(dir, 'db.sqlite'));
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
  });
  afterEach(async () => {
    await processor?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing event with back-off, showing it, and never skips it; resumes from its checkpoint after a restart', async () => {
    const done: number[] = [];
    let failing = true;
    const start = () =>
      new LogProcessor(events, new SqliteDocumentStore(db), {
        checkpoint: 'process:test',
        filter: { eventTypes: ['Job'] },
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        handle: async (e) => {
          const { n } = e.data as { n: number };
          if (n === 2 && failing) throw Object.assign(new Error('provider down'), { code: 'ECONNRESET' });
          done.push(n);
        },
      });
    processor = start();
    processor.start();
    await events.append('jobs-1', [event(1), event(2), event(3)], 'no_stream');
    await until(() => processor!.state === 'retrying');
    expect(processor.error).toMatchObject({ errorClass: 'Error ECONNRESET' });
    expect(done).not.toContain(3);
    failing = false;
    await until(() => done.includes(3));
    expect(processor.state).toBe('live');
    await processor.stop();
    await events.append('jobs-1', [event(4)], 2);
    processor = start();
    processor.start();
    await until(() => done.includes(4));
    // The first batch was repeated after its failure (work must be idempotent); nothing after a commit is repeated.
    expect(done.filter((n) => n === 4)).toHaveLength(1);
    expect(done.filter((n) => n === 3)).toHaveLength(1);
  });
});
