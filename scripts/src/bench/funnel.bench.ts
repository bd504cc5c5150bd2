import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { FUNNEL_EVENT_TYPES, replayFunnelFromLog } from '@pi/projections';
import { peakRssMb } from './machine.js';

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

/**
 * The same history recorded for `others` more practices (each a copy under its own practice id and streams):
 * one practice's report in a deployment of many, where the log holds everyone's events.
 */
export function addOtherPractices(file: string, others: number): number {
  const db = openSqliteDatabase(file);
  try {
    const head = (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head;
    const copy = db.prepare(
      `INSERT INTO events (id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at)
       SELECT id || '-o' || @k, stream_id || '-o' || @k, category, revision, type, schema_version, data,
              json_set(metadata, '$.practiceId', 'other-practice-' || @k), recorded_at
         FROM events WHERE position <= @head ORDER BY position`,
    );
    db.transaction(() => {
      for (let k = 1; k <= others; k++) copy.run({ k, head });
    })();
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
