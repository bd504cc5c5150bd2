import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalData } from '@pi/domain';
import { DataKeyRing, keyEncryptionKeysFrom, ProtectedEventStore } from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore, SqliteSubjectKeys, type SqliteDatabase } from '@pi/event-store/sqlite';
import { FUNNEL_EVENT_TYPES, replayFunnelFromLog } from '@pi/projections';
import { peakRssMb } from './machine.js';
import { writePracticeHistory } from './practice-history.js';

export function tempFunnelDir(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-funnel-'));
  return { dir, file: join(dir, 'events.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The history's log as the API reads it: through the sealing store, its keys in the table beside the log. */
export function openSealedHistory(dir: string, file: string) {
  const db = openSqliteDatabase(file, { synchronous: 'normal' });
  const keys = SqliteSubjectKeys.open(join(dir, 'subject-keys.sqlite'));
  const ring = new DataKeyRing(keys, keyEncryptionKeysFrom(['bench key-encryption secret, 32 bytes+']));
  return {
    events: new ProtectedEventStore(new SqliteEventStore(db), ring, personalData),
    close: async () => {
      await keys.close();
      db.close();
    },
  };
}

/** Writes a realistic practice history through the real sealing store (personal values sealed, as in production). */
export async function seedFunnelFile(dir: string, file: string, total: number, onProgress?: (n: number) => void) {
  const { events, close } = openSealedHistory(dir, file);
  try {
    return await writePracticeHistory(events, total, { onProgress });
  } finally {
    await close();
  }
}

/** `npm run funnel -- --by link`'s work: the log as stored, paged, folded into the funnel. */
export async function funnelReplay(file: string, practiceId: string, logEvents: number) {
  const db = openSqliteDatabase(file);
  try {
    const started = performance.now();
    const replay = await replayFunnelFromLog(
      new SqliteEventStore(db),
      ['link'],
      { practiceId, from: null, to: null, asOf: null, linkId: null, channel: null },
      'America/New_York',
    );
    const seconds = (performance.now() - started) / 1000;
    const report = replay.report('link');
    return {
      events: replay.eventsRead,
      seconds,
      eventsPerSecond: Math.round(replay.eventsRead / seconds),
      /** The whole log's events (the funnel's types are picked by the store, the rest skipped) per second. */
      logEventsPerSecond: Math.round(logEvents / seconds),
      rows: report.rows.length,
      sent: report.rows.reduce((sum, row) => sum + row.sent, 0),
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
  }
}

/** The ceiling: a plain better-sqlite3 loop over the same rows (same types, same pages), parsing them, nothing else. */
export function funnelRawRead(file: string, logEvents: number) {
  const db: SqliteDatabase = openSqliteDatabase(file);
  try {
    const types = FUNNEL_EVENT_TYPES.map(() => '?').join(', ');
    const read = db.prepare(
      `SELECT position, stream_id, type, data, metadata, recorded_at FROM events WHERE position > ? AND type IN (${types}) ORDER BY position LIMIT 1000`,
    );
    const started = performance.now();
    let after = 0;
    let count = 0;
    let checksum = 0;
    for (;;) {
      const rows = read.all(after, ...FUNNEL_EVENT_TYPES) as { position: number; data: string; metadata: string }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const data = JSON.parse(row.data) as Record<string, unknown>;
        const metadata = JSON.parse(row.metadata) as { practiceId: string };
        checksum += metadata.practiceId.length + Object.keys(data).length;
      }
      count += rows.length;
      after = rows[rows.length - 1].position;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      events: count,
      seconds,
      eventsPerSecond: Math.round(count / seconds),
      logEventsPerSecond: Math.round(logEvents / seconds),
      checksum,
      peakRssMb: peakRssMb(),
    };
  } finally {
    db.close();
  }
}
