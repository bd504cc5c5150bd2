import { join } from 'node:path';
import type { EventStore, Freshness, Leadership } from '@pi/event-store';
import { allProjections } from '@pi/projections';
import { ProjectionEngine, type EngineOptions, type ReadModelStore } from '@pi/read-store';
import type { Config } from '../config/config.js';

/** The stores a profile opens: the log, the read models over it, and how to let go of both. */
export interface ProfileStores {
  events: EventStore;
  readModels: ProjectionEngine;
  freshness: Freshness;
  /** Who runs the work only one process may run (see WhileLeader). */
  leadership: Leadership;
  close(): Promise<void>;
}

export type RuntimeConfig = Pick<Config, 'dataDir' | 'runProjections'> &
  Partial<Pick<Config, 'sqliteSynchronous' | 'profile' | 'stores'>>;

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'patient-invites.sqlite');
}

/** The development outbox: its own small SQLite file in DATA_DIR, whatever the profile. */
export function outboxFile(dataDir: string): string {
  return join(dataDir, 'outbox', 'outbox.sqlite');
}

/** Every projection over a profile's log and read store; closing stops them, then lets go of the stores in order. */
export function profileStores(
  config: RuntimeConfig,
  engineOptions: EngineOptions,
  stores: {
    events: EventStore;
    documents: ReadModelStore;
    freshness: Freshness;
    leadership: Leadership;
    /** After the projections have stopped. */
    close(): Promise<void>;
  },
): ProfileStores {
  const readModels = new ProjectionEngine(stores.events, stores.documents, allProjections, {
    runProjections: config.runProjections,
    ...engineOptions,
  });
  return {
    events: stores.events,
    readModels,
    freshness: stores.freshness,
    leadership: stores.leadership,
    async close() {
      await readModels.stop();
      await stores.close();
    },
  };
}
