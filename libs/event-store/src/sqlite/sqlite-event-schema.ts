import type { SqliteDatabase } from './sqlite-database.js';

/** The practice an event was recorded for, as an indexed expression (the same text in queries, or the index is not used). */
export const PRACTICE_OF_EVENT = "json_extract(metadata, '$.practiceId')";

/** (stream_id, revision) is unique: two writers racing on one stream cannot both commit. */
export function ensureEventSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position       INTEGER PRIMARY KEY AUTOINCREMENT,
      id             TEXT    NOT NULL UNIQUE,
      stream_id      TEXT    NOT NULL,
      category       TEXT    NOT NULL,
      revision       INTEGER NOT NULL,
      type           TEXT    NOT NULL,
      schema_version INTEGER NOT NULL,
      data           TEXT    NOT NULL,
      metadata       TEXT    NOT NULL,
      recorded_at    TEXT    NOT NULL,
      UNIQUE (stream_id, revision)
    );
    CREATE INDEX IF NOT EXISTS events_by_practice ON events (${PRACTICE_OF_EVENT}, type, position);
  `);
}
