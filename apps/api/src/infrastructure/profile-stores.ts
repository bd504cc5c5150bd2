import { join } from 'node:path';
import type { EventStore, Freshness, Leadership } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';
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
