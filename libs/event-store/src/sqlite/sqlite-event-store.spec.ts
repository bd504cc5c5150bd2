import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../contract/event-store.contract.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { SqliteEventStore } from './sqlite-event-store.js';

eventStoreContract('sqlite', async ({ upcasters }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-es-'));
  const file = join(dir, 'events.sqlite');
  const opened: SqliteDatabase[] = [];
  const open = () => {
    const db = openSqliteDatabase(file);
    opened.push(db);
    return new SqliteEventStore(db, { upcasters, pollIntervalMs: 50 });
  };
  return {
    store: open(),
    reopen: async () => open(),
    dispose: async () => {
      for (const db of opened) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
