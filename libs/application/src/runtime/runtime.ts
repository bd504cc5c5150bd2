import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataKeyRing, EventStore, Freshness, Leadership, SubjectKeyStore } from '@pi/event-store';
import { openSqliteDatabase, type SqliteDatabase } from '@pi/event-store/sqlite';
import type { EngineOptions, ProjectionEngine } from '@pi/read-store';
import { DevOutbox } from '@pi/notify';
import { openEmbeddedStores } from './embedded-stores.js';
import { openPostgresStores } from './postgres-stores.js';
import { openKurrentStores } from './kurrent-stores.js';
import { keepDataPrivate } from './private-files.js';
import { outboxFile, type RuntimeConfig, type SealedLog } from './profile-stores.js';
import { resolveKeyEncryptionSecrets, resolveSecrets } from './secrets.js';

export {
  databaseFile,
  outboxFile,
  subjectKeysFile,
  type ProfileStores,
  type RuntimeConfig,
  type SealedLog,
} from './profile-stores.js';

/** The stores of one process, wired for the configured profile. No adapter's handle leaks out of it. */
export interface Runtime {
  /** The log, personal values sealed with their subjects' data keys. */
  events: EventStore;
  /** The log as stored, personal values still sealed: for reports that read none (the funnel). */
  sealedLog: SealedLog;
  /** The key table beside the log (erasure destroys keys there), and the keys unwrapped from it. */
  subjectKeys: SubjectKeyStore;
  dataKeys: DataKeyRing;
  readModels: ProjectionEngine;
  /** What the event store can tell a command executor about other writers. */
  freshness: Freshness;
  /** Who runs the work only one process may run at a time. */
  leadership: Leadership;
  /** Where SMS and email "go" when no provider is configured (nothing leaves the machine). */
  outbox: DevOutbox;
  close(): Promise<void>;
}

export type RuntimeSettings = Omit<RuntimeConfig, 'keyEncryptionSecrets' | 'dataKeysRoot'> & {
  keyEncryptionKeys?: string[];
};

export async function createRuntime(settings: RuntimeSettings, engineOptions: EngineOptions = {}): Promise<Runtime> {
  keepDataPrivate(settings.dataDir);
  const { dataKeys } = resolveSecrets(
    {
      jwtSecret: settings.jwtSecret ?? null,
      jwtPreviousSecrets: settings.jwtPreviousSecrets ?? [],
      dataKeysSecret: settings.dataKeysSecret ?? null,
    },
    settings.dataDir,
  );
  const config: RuntimeConfig = {
    ...settings,
    keyEncryptionSecrets: resolveKeyEncryptionSecrets(settings.keyEncryptionKeys ?? [], settings.dataDir, dataKeys),
    dataKeysRoot: dataKeys,
  };
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
