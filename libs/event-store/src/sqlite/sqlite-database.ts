import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * How hard a commit waits for the disk. `full` (the default) syncs the WAL
 * before a commit is acknowledged: an acknowledged command survives a power cut
 * or kernel panic. `normal` survives a process crash only (a power cut may lose
 * the last commits); it is cheaper per commit, see docs/operations.md.
 */
export type SqliteSynchronous = 'full' | 'normal';

/**
 * Opens the embedded profile's single SQLite file (log and read models).
 * WAL lets readers run beside the one writer; group commit (the event store
 * shares one commit among concurrent appends) keeps `full` durability cheap.
 */
export function openSqliteDatabase(
  file: string,
  options: { cacheMb?: number; synchronous?: SqliteSynchronous } = {},
): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${(options.synchronous ?? 'full').toUpperCase()}`);
  db.pragma('busy_timeout = 5000');
  // Page cache per connection. Replays read the log once, front to back: a big cache buys nothing there.
  db.pragma(`cache_size = -${Math.round((options.cacheMb ?? 16) * 1024)}`);
  db.pragma('temp_store = MEMORY');
  // Deleted and overwritten content is zeroed, not left in free pages: these files hold personal values
  // (read models, outbox) and an erasure or a rebuild must leave none readable (docs/privacy.md).
  db.pragma('secure_delete = ON');
  return db;
}
