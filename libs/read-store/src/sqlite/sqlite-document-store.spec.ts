import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '@pi/event-store/sqlite';
import { documentStoreContract } from '../contract/document-store.contract.js';
import { SqliteDocumentStore } from './sqlite-document-store.js';

documentStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-rs-'));
  const db = openSqliteDatabase(join(dir, 'read.sqlite'));
  return {
    store: new SqliteDocumentStore(db),
    dispose: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
