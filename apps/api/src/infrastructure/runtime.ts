import { join } from 'node:path';
import { allProjections } from '@pi/projections';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { UpcasterRegistry, type EventStore } from '@pi/event-store';
import { ProjectionEngine, type EngineOptions } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';
import { DevOutbox } from '@pi/notify';
import type { Config } from '../config/config.js';
import { upcasters } from './upcasters.js';

/** The stores of one process, wired for the configured profile. */
export interface Runtime {
  events: EventStore;
  readModels: ProjectionEngine;
  db: SqliteDatabase;
  /** Embedded profile: where SMS and email "go" (nothing leaves the machine). */
  outbox: DevOutbox;
  close(): Promise<void>;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'patient-invites.sqlite');
}

export function createRuntime(
  config: Pick<Config, 'dataDir' | 'runProjections'> & Partial<Pick<Config, 'sqliteSynchronous'>>,
  engineOptions: EngineOptions = {},
): Runtime {
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
    db,
    outbox: new DevOutbox(db, join(config.dataDir, 'outbox', 'email')),
    async close() {
      await readModels.stop();
      await events.close();
      readDb.close();
      db.close();
    },
  };
}
