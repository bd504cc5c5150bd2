import type { SubjectKeyRow, SubjectKeyStore, WrappedDataKey } from '../protection/subject-keys.port.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';

interface Row {
  subject: string;
  kek_id: string | null;
  wrapped: string | null;
  destroyed_at: string | null;
}

const BATCH = 5000;

interface PendingAdd {
  keys: readonly WrappedDataKey[];
  resolve: (rows: Map<string, SubjectKeyRow>) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded profile's key table: its own SQLite file (DATA_DIR/keys), so a
 * copy of the log alone holds no key. Commits wait for the disk (a key must
 * outlive the event it sealed), and destroyed keys are overwritten with zeros
 * in the file and checkpointed out of the write-ahead log at once.
 */
export class SqliteSubjectKeys implements SubjectKeyStore {
  private constructor(private readonly db: SqliteDatabase) {}

  static open(file: string): SqliteSubjectKeys {
    const db = openSqliteDatabase(file, { synchronous: 'full', cacheMb: 4 });
    db.pragma('secure_delete = ON');
    db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
      subject      TEXT PRIMARY KEY,
      kek_id       TEXT,
      wrapped      TEXT,
      created_at   TEXT NOT NULL,
      destroyed_at TEXT
    ) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS subject_keys_by_kek ON subject_keys (kek_id) WHERE wrapped IS NOT NULL');
    return new SqliteSubjectKeys(db);
  }

  /** One statement for any number of subjects (a JSON array of them), prepared once. */
  private readonly select = this.db.prepare(
    'SELECT subject, kek_id, wrapped, destroyed_at FROM subject_keys WHERE subject IN (SELECT value FROM json_each(?))',
  );

  async get(subjects: readonly string[]): Promise<Map<string, SubjectKeyRow>> {
    const found = new Map<string, SubjectKeyRow>();
    for (let i = 0; i < subjects.length; i += BATCH) {
      const rows = this.select.all(JSON.stringify(subjects.slice(i, i + BATCH))) as Row[];
      for (const row of rows) found.set(row.subject, rowOf(row));
    }
    return found;
  }

  private readonly insert = this.db.prepare(
    'INSERT INTO subject_keys (subject, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING',
  );
  private pending: PendingAdd[] = [];

  /**
   * Group commit, as the event store's appends: keys added in the same turn of
   * the event loop (concurrent requests, each sealing a new subject) share one
   * transaction and one wait for the disk. A failed commit fails them all.
   */
  add(keys: readonly WrappedDataKey[]): Promise<Map<string, SubjectKeyRow>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ keys, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const now = new Date().toISOString();
    try {
      this.db.transaction(() => {
        for (const { keys } of batch) for (const key of keys) this.insert.run(key.subject, key.kekId, key.wrapped, now);
      })();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) this.get(item.keys.map((key) => key.subject)).then(item.resolve, item.reject);
  }

  async destroy(subjects: readonly string[], at: string): Promise<void> {
    const tombstone = this.db.prepare(
      `INSERT INTO subject_keys (subject, kek_id, wrapped, created_at, destroyed_at) VALUES (?, NULL, NULL, ?, ?)
       ON CONFLICT (subject) DO UPDATE SET kek_id = NULL, wrapped = NULL,
         destroyed_at = COALESCE(subject_keys.destroyed_at, excluded.destroyed_at)`,
    );
    this.db.transaction(() => {
      for (const subject of subjects) tombstone.run(subject, at, at);
    })();
    // The old page images live on in the write-ahead log until a checkpoint: take them out now.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async wrappedByOther(kekId: string, limit: number): Promise<WrappedDataKey[]> {
    const rows = this.db
      .prepare(
        'SELECT subject, kek_id, wrapped, destroyed_at FROM subject_keys WHERE wrapped IS NOT NULL AND kek_id <> ? LIMIT ?',
      )
      .all(kekId, limit) as Row[];
    return rows.map((row) => ({ subject: row.subject, kekId: row.kek_id!, wrapped: row.wrapped! }));
  }

  async rewrap(from: WrappedDataKey, to: WrappedDataKey): Promise<boolean> {
    const result = this.db
      .prepare(
        'UPDATE subject_keys SET kek_id = ?, wrapped = ? WHERE subject = ? AND kek_id = ? AND wrapped = ? AND destroyed_at IS NULL',
      )
      .run(to.kekId, to.wrapped, from.subject, from.kekId, from.wrapped);
    return result.changes === 1;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function rowOf(row: Row): SubjectKeyRow {
  return row.destroyed_at !== null || row.wrapped === null || row.kek_id === null
    ? { subject: row.subject, destroyedAt: row.destroyed_at ?? '' }
    : { subject: row.subject, kekId: row.kek_id, wrapped: row.wrapped };
}
