import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalData } from '@pi/domain';
import { DataKeyRing, keyEncryptionKeysFrom, ProtectedEventStore } from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore, SqliteSubjectKeys } from '@pi/event-store/sqlite';
import { writePracticeHistory } from './practice-history.js';

/** A folder for a generated history: its log and, beside it, the key table its sealed values need. */
export function tempHistoryDir(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-history-'));
  return { dir, file: join(dir, 'events.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The history's log as the API reads it: through the sealing store, its keys in the table beside the log. */
export function openSealedHistory(dir: string, file: string) {
  const db = openSqliteDatabase(file, { synchronous: 'normal' });
  const keys = SqliteSubjectKeys.open(join(dir, 'subject-keys.sqlite'));
  const ring = new DataKeyRing(keys, keyEncryptionKeysFrom(['bench key-encryption secret, 32 bytes+']));
  return {
    events: new ProtectedEventStore(new SqliteEventStore(db), ring, personalData),
    close: async () => {
      await keys.close();
      db.close();
    },
  };
}

/** Writes a realistic practice history through the real sealing store (personal values sealed, as in production). */
export async function seedSealedHistory(dir: string, file: string, total: number, onProgress?: (n: number) => void) {
  const { events, close } = openSealedHistory(dir, file);
  try {
    return await writePracticeHistory(events, total, { onProgress });
  } finally {
    await close();
  }
}
