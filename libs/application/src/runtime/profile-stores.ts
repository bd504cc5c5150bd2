import { join } from 'node:path';
import {
  DataKeyRing,
  keyEncryptionKeysFrom,
  ProtectedEventStore,
  type EventStore,
  type Freshness,
  type Leadership,
  type SubjectKeyStore,
} from '@pi/event-store';
import { ERASED, PERSONAL_DATA_ERASED, personalData } from '@pi/domain';
import { allProjections } from '@pi/projections';
import { ProjectionEngine, SealedDocumentStore, type EngineOptions, type ReadModelStore } from '@pi/read-store';
import type { Config } from './config.js';
import { logReadModelState } from './read-model-log.js';

/** Reading the log as stored; nothing can be appended through it (appends go through the sealing store). */
export type SealedLog = Pick<EventStore, 'readAll' | 'readStream' | 'head'>;

/** The stores a profile opens: the log, the read models over it, and how to let go of both. */
export interface ProfileStores {
  /** The log, personal values sealed with their subjects' data keys (crypto-shredding). */
  events: EventStore;
  /**
   * The same log as stored, personal values left sealed, for reading only: reports
   * that need no personal value (the funnel) read it without opening a box per event.
   */
  sealedLog: SealedLog;
  /** The key table beside the log, and the data keys unwrapped from it. */
  subjectKeys: SubjectKeyStore;
  dataKeys: DataKeyRing;
  readModels: ProjectionEngine;
  freshness: Freshness;
  /** Who runs the work only one process may run (see WhileLeader). */
  leadership: Leadership;
  close(): Promise<void>;
}

export type RuntimeConfig = Pick<Config, 'dataDir' | 'runProjections'> &
  Partial<
    Pick<Config, 'sqliteSynchronous' | 'profile' | 'stores' | 'jwtSecret' | 'jwtPreviousSecrets' | 'dataKeysSecret'>
  > & {
    /** The secrets of the key-encryption keys, the current one first (createRuntime resolves them). */
    keyEncryptionSecrets: readonly string[];
    /** The data-keys root (createRuntime resolves it): the read models' blind-index and cursor keys derive from it. */
    dataKeysRoot: string;
  };

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'patient-invites.sqlite');
}

/** The development outbox: its own small SQLite file in DATA_DIR, whatever the profile. */
/** The embedded profile's key table: its own file in DATA_DIR/keys, so a copy of the log alone holds no key. */
export function subjectKeysFile(dataDir: string): string {
  return join(dataDir, 'keys', 'subject-keys.sqlite');
}

export function outboxFile(dataDir: string): string {
  return join(dataDir, 'outbox', 'outbox.sqlite');
}

/** Every projection over a profile's log and read store; closing stops them, then lets go of the stores in order. */
export function profileStores(
  config: RuntimeConfig,
  engineOptions: EngineOptions,
  stores: {
    events: EventStore;
    subjectKeys: SubjectKeyStore;
    documents: ReadModelStore;
    freshness: Freshness;
    leadership: Leadership;
    /** After the projections have stopped. */
    close(): Promise<void>;
  },
): ProfileStores {
  const dataKeys = new DataKeyRing(stores.subjectKeys, keyEncryptionKeysFrom(config.keyEncryptionSecrets));
  const events = new ProtectedEventStore(stores.events, dataKeys, personalData);
  // A store that cannot make a deleted value unreadable in its files (PostgreSQL's dead tuples and WAL, MongoDB's
  // journal) keeps the read models' personal values sealed under their subjects' keys, as the log does.
  const documents: ReadModelStore = stores.documents.forgetFreed
    ? stores.documents
    : new SealedDocumentStore(stores.documents, {
        projections: allProjections,
        keys: dataKeys,
        root: config.dataKeysRoot,
        erasedValue: ERASED,
      });
  const readModels = new ProjectionEngine(events, documents, allProjections, {
    runProjections: config.runProjections,
    scrubAfter: [PERSONAL_DATA_ERASED],
    onStateChange: logReadModelState,
    ...engineOptions,
  });
  return {
    events,
    sealedLog: stores.events,
    subjectKeys: stores.subjectKeys,
    dataKeys,
    readModels,
    freshness: stores.freshness,
    leadership: stores.leadership,
    async close() {
      await readModels.stop();
      await stores.close();
      await stores.subjectKeys.close();
    },
  };
}
