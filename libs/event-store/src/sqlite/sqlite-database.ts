import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * Opens the embedded profile's single SQLite file (log and read models).
 * WAL lets readers run beside the one writer; synchronous=NORMAL keeps every
 * commit across a process crash (a power cut may lose the last few, see docs/operations.md).
 */
export function openSqliteDatabase(file: string, options: { cacheMb?: number } = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Page cache per connection. Replays read the log once, front to back: a big cache buys nothing there.
  db.pragma(`cache_size = -${Math.round((options.cacheMb ?? 16) * 1024)}`);
  db.pragma('temp_store = MEMORY');
  return db;
}
