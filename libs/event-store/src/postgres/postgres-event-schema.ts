import type { Migration } from './postgres-migrations.js';

/**
 * The log. `position` is the global order; appends take one transaction-level
 * writer lock before drawing positions, so positions are drawn in commit order
 * and a reader never sees a position while a smaller one is still in flight
 * (the sequence-gap problem). Data stays JSON text (`json`, not `jsonb`): the
 * bytes read back are the bytes written.
 */
export const EVENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, one row per event, unique per stream and revision',
    sql: `CREATE TABLE events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      stream_id text NOT NULL,
      category text NOT NULL,
      revision integer NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL,
      data json NOT NULL,
      metadata json NOT NULL,
      recorded_at text NOT NULL,
      UNIQUE (stream_id, revision));
    CREATE INDEX events_by_category ON events (category, position);
    CREATE INDEX events_by_type ON events (type, position);`,
  },
];
