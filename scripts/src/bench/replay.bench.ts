import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { staffDirectoryProjection } from '@pi/projections';
import { rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { peakRssMb } from './machine.js';
import { seedStaffEvents } from './seed-events.js';

export function seedReplayFile(file: string, total: number, staff: number): Promise<void> {
  const db = openSqliteDatabase(file);
  return seedStaffEvents(new SqliteEventStore(db), total, staff).finally(() => db.close());
}

/** Replays every event through the staff-directory projection, as `npm run rebuild` does. */
export async function replayThroughProjection(file: string) {
  const db = openSqliteDatabase(file);
  try {
    const events = new SqliteEventStore(db);
    const started = performance.now();
    const result = await rebuildProjection(staffDirectoryProjection, events, new SqliteDocumentStore(db), {
      batchSize: 10000,
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      events: result.eventsApplied,
      seconds,
      eventsPerSecond: Math.round(result.eventsApplied / seconds),
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
  }
}

/**
 * The ceiling: a plain better-sqlite3 loop that reads the same events, parses
 * them the same way and writes the same rows (the same document per staff
 * member, one row per document touched per batch, into a table and index of
 * the same shape as the read model's), with no engine in between.
 */
export function rawCeiling(file: string, batchSize = 10000) {
  const db: SqliteDatabase = openSqliteDatabase(file);
  try {
    db.exec(`DROP TABLE IF EXISTS raw_ceiling;
      CREATE TABLE raw_ceiling (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE INDEX raw_ceiling_ix ON raw_ceiling (json_extract(doc, '$.practiceId'), json_extract(doc, '$.name'));`);
    const read = db.prepare(
      'SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    const write = db.prepare(
      'INSERT INTO raw_ceiling (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    );
    const docs = new Map<string, Record<string, unknown>>();
    const started = performance.now();
    let after = 0;
    let count = 0;
    let rows = 0;
    for (;;) {
      const batch = read.all(after, batchSize) as {
        position: number;
        stream_id: string;
        type: string;
        data: string;
        metadata: string;
      }[];
      if (batch.length === 0) break;
      const touched = new Set<string>();
      for (const row of batch) {
        const data = JSON.parse(row.data) as Record<string, string>;
        JSON.parse(row.metadata);
        const id = data.staffId;
        const doc =
          row.type === 'StaffMemberAdded'
            ? {
                id,
                practiceId: data.practiceId,
                name: data.name,
                email: data.email,
                role: data.role,
                teamIds: [],
                addedAt: data.addedAt,
                updatedAt: data.addedAt,
              }
            : { ...docs.get(id), name: data.name, updatedAt: data.renamedAt };
        docs.set(id, doc);
        touched.add(id);
      }
      db.transaction(() => {
        for (const id of touched) write.run(id, JSON.stringify(docs.get(id)));
      })();
      rows += touched.size;
      count += batch.length;
      after = batch[batch.length - 1].position;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      events: count,
      rowsWritten: rows,
      seconds,
      eventsPerSecond: Math.round(count / seconds),
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
  }
}

export function tempReplayFile(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-replay-'));
  return { file: join(dir, 'replay.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
