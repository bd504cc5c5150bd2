import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, Freshness, Leadership } from '@pi/event-store';
import { openSqliteDatabase, type SqliteDatabase } from '@pi/event-store/sqlite';
import type { EngineOptions, ProjectionEngine } from '@pi/read-store';
import { DevOutbox } from '@pi/notify';
import { openEmbeddedStores } from './embedded-stores.js';
import { openPostgresStores } from './postgres-stores.js';
import { openKurrentStores } from './kurrent-stores.js';
import { keepDataPrivate } from './private-files.js';
import { outboxFile, type RuntimeConfig } from './profile-stores.js';

export { databaseFile, outboxFile, type ProfileStores, type RuntimeConfig } from './profile-stores.js';

/** The stores of one process, wired for the configured profile. No adapter's handle leaks out of it. */
export interface Runtime {
  events: EventStore;
  readModels: ProjectionEngine;
  /** What the event store can tell a command executor about other writers. */
  freshness: Freshness;
  /** Who runs the work only one process may run at a time. */
  leadership: Leadership;
  /** Where SMS and email "go" when no provider is configured (nothing leaves the machine). */
  outbox: DevOutbox;
  close(): Promise<void>;
}

export async function createRuntime(config: RuntimeConfig, engineOptions: EngineOptions = {}): Promise<Runtime> {
  keepDataPrivate(config.dataDir);
  const profile = config.profile ?? 'embedded';
  const stores =
    profile === 'postgres'
      ? await openPostgresStores(config, engineOptions)
      : profile === 'kurrent'
        ? await openKurrentStores(config, engineOptions)
        : openEmbeddedStores(config, engineOptions);
  mkdirSync(join(config.dataDir, 'outbox'), { recursive: true, mode: 0o700 });
  const outboxDb: SqliteDatabase = openSqliteDatabase(outboxFile(config.dataDir), { synchronous: 'normal' });
  return {
    ...stores,
    outbox: new DevOutbox(outboxDb, join(config.dataDir, 'outbox', 'email')),
    async close() {
      await stores.close();
      outboxDb.close();
    },
  };
}
