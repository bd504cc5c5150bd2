import type { SubjectKeyRow, SubjectKeyStore, WrappedDataKey } from '../protection/subject-keys.port.js';
import { openPostgres, type PgPool, type PostgresOptions } from './postgres-connection.js';
import { migrate, type Migration } from './postgres-migrations.js';

const SUBJECT_KEY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'subject_keys: one wrapped data key per subject, a tombstone once destroyed',
    sql: `CREATE TABLE subject_keys (
      subject      text PRIMARY KEY,
      kek_id       text,
      wrapped      text,
      created_at   timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz
    );
    CREATE INDEX subject_keys_by_kek ON subject_keys (kek_id) WHERE wrapped IS NOT NULL;`,
  },
];

interface Row {
  subject: string;
  kek_id: string | null;
  wrapped: string | null;
  destroyed_at: Date | null;
}

/**
 * The key table on PostgreSQL, in the deployment's schema beside the log's
 * table (never in it). Its commits wait for the disk (the server's default;
 * only the read models' commits opt out), since a key must outlive the event it sealed. A destroyed key's old
 * row version is vacuumed away at once.
 */
export class PostgresSubjectKeys implements SubjectKeyStore {
  private constructor(private readonly pool: PgPool) {}

  static async open(options: PostgresOptions): Promise<PostgresSubjectKeys> {
    const { pool, schema } = await openPostgres({ ...options, maxConnections: options.maxConnections ?? 4 });
    try {
      await migrate(pool, schema, 'subject-keys', SUBJECT_KEY_MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresSubjectKeys(pool);
  }

  async get(subjects: readonly string[]): Promise<Map<string, SubjectKeyRow>> {
    const { rows } = await this.pool.query<Row>(
      'SELECT subject, kek_id, wrapped, destroyed_at FROM subject_keys WHERE subject = ANY($1::text[])',
      [subjects],
    );
    return new Map(rows.map((row) => [row.subject, rowOf(row)]));
  }

  async add(keys: readonly WrappedDataKey[]): Promise<Map<string, SubjectKeyRow>> {
    await this.pool.query(
      `INSERT INTO subject_keys (subject, kek_id, wrapped)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (subject) DO NOTHING`,
      [keys.map((k) => k.subject), keys.map((k) => k.kekId), keys.map((k) => k.wrapped)],
    );
    return this.get(keys.map((key) => key.subject));
  }

  async destroy(subjects: readonly string[], at: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO subject_keys (subject, kek_id, wrapped, destroyed_at)
       SELECT s, NULL, NULL, $2::timestamptz FROM unnest($1::text[]) AS s
       ON CONFLICT (subject) DO UPDATE SET kek_id = NULL, wrapped = NULL,
         destroyed_at = COALESCE(subject_keys.destroyed_at, excluded.destroyed_at)`,
      [subjects, at],
    );
    // The old row version keeps the wrapped key until vacuumed; best effort (another vacuum may be running).
    await this.pool.query('VACUUM subject_keys').catch(() => undefined);
  }

  async wrappedByOther(kekId: string, limit: number): Promise<WrappedDataKey[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT subject, kek_id, wrapped, destroyed_at FROM subject_keys WHERE wrapped IS NOT NULL AND kek_id <> $1 LIMIT $2',
      [kekId, limit],
    );
    return rows.map((row) => ({ subject: row.subject, kekId: row.kek_id!, wrapped: row.wrapped! }));
  }

  async rewrap(from: WrappedDataKey, to: WrappedDataKey): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE subject_keys SET kek_id = $1, wrapped = $2
       WHERE subject = $3 AND kek_id = $4 AND wrapped = $5 AND destroyed_at IS NULL`,
      [to.kekId, to.wrapped, from.subject, from.kekId, from.wrapped],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function rowOf(row: Row): SubjectKeyRow {
  return row.destroyed_at !== null || row.wrapped === null || row.kek_id === null
    ? { subject: row.subject, destroyedAt: row.destroyed_at?.toISOString() ?? '' }
    : { subject: row.subject, kekId: row.kek_id, wrapped: row.wrapped };
}
