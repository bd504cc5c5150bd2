import { join } from 'node:path';
import { openSqliteDatabase, type SqliteDatabase } from '@pi/event-store/sqlite';
import { allProjections } from '@pi/projections';
import { rebuildProjection, rebuildProjections } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { openSealedHistory } from './sealed-history.js';
import { peakRssMb } from './machine.js';

const BATCH = 2000;

/** Each read model rebuilt alone from the realistic history, as `npm run rebuild -- <name>` does (sealed values opened). */
export async function rebuildEach(dir: string, file: string) {
  const { events, close } = openSealedHistory(dir, file);
  const readDb = openSqliteDatabase(join(dir, 'read-models.sqlite'), { synchronous: 'normal' });
  try {
    const store = new SqliteDocumentStore(readDb);
    const results = [];
    for (const projection of allProjections) {
      const result = await rebuildProjection(projection, events, store, { batchSize: BATCH });
      results.push({
        readModel: projection.name,
        events: result.eventsApplied,
        seconds: Number(result.seconds.toFixed(3)),
        eventsPerSecond: Math.round(result.eventsApplied / result.seconds),
      });
    }
    return { readModels: results, peakRssMb: peakRssMb() };
  } finally {
    readDb.close();
    await close();
  }
}

/** Every read model in one pass over the whole history, as `npm run rebuild -- --all` does. */
export async function rebuildAll(dir: string, file: string, logEvents: number) {
  const { events, close } = openSealedHistory(dir, file);
  const readDb = openSqliteDatabase(join(dir, 'read-models-all.sqlite'), { synchronous: 'normal' });
  try {
    const started = performance.now();
    const results = await rebuildProjections(allProjections, events, new SqliteDocumentStore(readDb), {
      batchSize: BATCH,
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      readModels: results.length,
      events: logEvents,
      eventsApplied: results.reduce((sum, r) => sum + r.eventsApplied, 0),
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(logEvents / seconds),
      peakRssMb: peakRssMb(),
    };
  } finally {
    readDb.close();
    await close();
  }
}

/**
 * The ceiling: a plain better-sqlite3 loop over the same log in the same pages,
 * parsing each event, writing one document per stream a page touches (as many
 * rows as the stream's read models would hold at least), no engine, no sealing.
 */
export function rebuildRawCeiling(dir: string, file: string) {
  const db: SqliteDatabase = openSqliteDatabase(file, { synchronous: 'normal' });
  const out: SqliteDatabase = openSqliteDatabase(join(dir, 'raw-ceiling.sqlite'), { synchronous: 'normal' });
  try {
    out.exec('DROP TABLE IF EXISTS docs; CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
    const read = db.prepare(
      'SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    const write = out.prepare(
      'INSERT INTO docs (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    );
    const started = performance.now();
    let after = 0;
    let count = 0;
    let rows = 0;
    for (;;) {
      const page = read.all(after, BATCH) as {
        position: number;
        stream_id: string;
        type: string;
        data: string;
        metadata: string;
      }[];
      if (page.length === 0) break;
      const docs = new Map<string, object>();
      for (const row of page) {
        const data = JSON.parse(row.data) as object;
        const metadata = JSON.parse(row.metadata) as { occurredAt: string };
        docs.set(row.stream_id, { ...data, type: row.type, at: metadata.occurredAt });
      }
      out.transaction(() => {
        for (const [id, doc] of docs) write.run(id, JSON.stringify(doc));
      })();
      rows += docs.size;
      count += page.length;
      after = page[page.length - 1].position;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      events: count,
      rowsWritten: rows,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(count / seconds),
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
    out.close();
  }
}
