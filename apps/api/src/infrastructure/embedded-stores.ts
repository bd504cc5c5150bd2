import { SOLE_PROCESS, UpcasterRegistry } from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { allProjections } from '@pi/projections';
import { ProjectionEngine, type EngineOptions } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { databaseFile, type ProfileStores, type RuntimeConfig } from './profile-stores.js';
import { upcasters } from './upcasters.js';

/** PROFILE=embedded: the log and the read models in one SQLite file in DATA_DIR. */
export function openEmbeddedStores(config: RuntimeConfig, engineOptions: EngineOptions): ProfileStores {
  const db = openSqliteDatabase(databaseFile(config.dataDir), { synchronous: config.sqliteSynchronous ?? 'full' });
  // Read models are rebuilt from the log: their commits need not wait for the disk. A power cut can only
  // take back their last batches together with their checkpoints (one transaction), which are applied again.
  const readDb = openSqliteDatabase(databaseFile(config.dataDir), { synchronous: 'normal' });
  const events = new SqliteEventStore(db, { upcasters: new UpcasterRegistry(upcasters) });
  const readModels = new ProjectionEngine(events, new SqliteDocumentStore(readDb), allProjections, {
    runProjections: config.runProjections,
    ...engineOptions,
  });
  return {
    events,
    readModels,
    freshness: events.freshness,
    // One machine: RUN_DELIVERY / PROJECTOR_DELIVERY decide which process runs the background work.
    leadership: SOLE_PROCESS,
    async close() {
      await readModels.stop();
      await events.close();
      readDb.close();
      db.close();
    },
  };
}
