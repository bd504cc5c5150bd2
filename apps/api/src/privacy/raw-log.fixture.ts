import { databaseFile } from '@pi/application';
import type { TestApp } from '../testing/test-app.fixture.js';
import { openSqliteDatabase } from '@pi/event-store/sqlite';
import pg from 'pg';

export interface RawEventRow {
  type: string;
  stream: string;
  data: string;
  metadata: string;
}

/** The log's rows as they sit in the database (no key applied): the embedded SQLite file, or PostgreSQL's table. */
export async function rawLog(api: TestApp): Promise<RawEventRow[]> {
  if (api.config.profile === 'postgres') {
    const client = new pg.Client({ connectionString: api.config.stores.databaseUrl! });
    await client.connect();
    try {
      const { rows } = await client.query<RawEventRow>(
        `SELECT type, stream_id AS stream, data::text AS data, metadata::text AS metadata
         FROM ${api.config.stores.databaseSchema}.events ORDER BY position`,
      );
      return rows;
    } finally {
      await client.end();
    }
  }
  const db = openSqliteDatabase(databaseFile(api.config.dataDir));
  try {
    return db
      .prepare('SELECT type, stream_id AS stream, data, metadata FROM events ORDER BY position')
      .all() as RawEventRow[];
  } finally {
    db.close();
  }
}

/** Rewrites one top-level field of every event of a type in the database itself (a forger with write access). */
export async function rewriteEventField(api: TestApp, type: string, field: string, value: string): Promise<number> {
  if (api.config.profile === 'postgres') {
    const client = new pg.Client({ connectionString: api.config.stores.databaseUrl! });
    await client.connect();
    try {
      const result = await client.query(
        `UPDATE ${api.config.stores.databaseSchema}.events SET data = jsonb_set(data::jsonb, $1::text[], to_jsonb($2::text))::json WHERE type = $3`,
        [[field], value, type],
      );
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
  const db = openSqliteDatabase(databaseFile(api.config.dataDir));
  try {
    return db.prepare(`UPDATE events SET data = json_set(data, ?, ?) WHERE type = ?`).run(`$.${field}`, value, type)
      .changes;
  } finally {
    db.close();
  }
}
