import type { SqliteDatabase } from './sqlite-database.js';

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
  `);
}
