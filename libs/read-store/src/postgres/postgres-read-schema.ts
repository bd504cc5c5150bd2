import type { Migration } from '@pi/event-store/postgres';

/** The read side's own tables; each collection's table is created by ensureCollection. */
export const READ_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'projection checkpoints and generations',
    sql: `CREATE TABLE projection_checkpoints (key text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL);
      CREATE TABLE projection_generations (
        projection text PRIMARY KEY, active integer, latest integer NOT NULL, active_version integer);`,
  },
];
