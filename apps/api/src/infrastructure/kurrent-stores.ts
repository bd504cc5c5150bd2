import type { EngineOptions } from '@pi/read-store';
import type { ProfileStores, RuntimeConfig } from './profile-stores.js';

/** PROFILE=kurrent: the log in KurrentDB/EventStoreDB, the read models in MongoDB. */
export async function openKurrentStores(config: RuntimeConfig, engineOptions: EngineOptions): Promise<ProfileStores> {
  void config;
  void engineOptions;
  throw new Error('PROFILE=kurrent is not wired yet.');
}
