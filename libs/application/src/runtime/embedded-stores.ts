import { SOLE_PROCESS, UpcasterRegistry } from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore, SqliteSubjectKeys } from '@pi/event-store/sqlite';
import type { EngineOptions } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import {
  databaseFile,
  subjectKeysFile,
  profileStores,
  type ProfileStores,
  type RuntimeConfig,
} from './profile-stores.js';
import { upcasters } from '../engine/upcasters.js';

/** PROFILE=embedded: the log and the read models in one SQLite file in DATA_DIR; the key table in DATA_DIR/keys. */
export function openEmbeddedStores(config: RuntimeConfig, engineOptions: EngineOptions): ProfileStores {
  const db = openSqliteDatabase(databaseFile(config.dataDir), { synchronous: config.sqliteSynchronous ?? 'full' });
  // Read models are rebuilt from the log: their commits need not wait for the disk. A power cut can only
  // take back their last batches together with their checkpoints (one transaction), which are applied again.
  const readDb = openSqliteDatabase(databaseFile(config.dataDir), { synchronous: 'normal' });
  const events = new SqliteEventStore(db, { upcasters: new UpcasterRegistry(upcasters) });
  return profileStores(config, engineOptions, {
    events,
    subjectKeys: SqliteSubjectKeys.open(subjectKeysFile(config.dataDir)),
    documents: new SqliteDocumentStore(readDb),
    freshness: events.freshness,
    // One machine: RUN_DELIVERY / PROJECTOR_DELIVERY decide which process runs the background work.
    leadership: SOLE_PROCESS,
    async close() {
      await events.close();
      readDb.close();
      db.close();
    },
  });
}
