import { databaseFile } from '../infrastructure/runtime.js';
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
