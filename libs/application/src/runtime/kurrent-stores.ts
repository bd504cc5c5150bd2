import { UpcasterRegistry, VERIFY_BY_REVISION } from '@pi/event-store';
import { EsdbEventStore } from '@pi/event-store/esdb';
import type { EngineOptions } from '@pi/read-store';
import { MongoDocumentStore, MongoLeadership, MongoSubjectKeys } from '@pi/read-store/mongodb';
import { profileStores, type ProfileStores, type RuntimeConfig } from './profile-stores.js';
import { upcasters } from '../engine/upcasters.js';

/**
 * PROFILE=kurrent, the design card's production stores: the log in
 * KurrentDB/EventStoreDB, the read models (with their checkpoints) and the
 * background-work lease and the key table in MongoDB. Verified by the GitHub workflow, which
 * can start both servers; see docs/operations.md.
 */
export async function openKurrentStores(config: RuntimeConfig, engineOptions: EngineOptions): Promise<ProfileStores> {
  const { eventStoreUrl, mongodbUrl, mongodbDatabase } = config.stores ?? {};
  if (!eventStoreUrl || !mongodbUrl) throw new Error('PROFILE=kurrent needs EVENTSTORE_URL and MONGODB_URL.');
  const events = new EsdbEventStore({ url: eventStoreUrl, upcasters: new UpcasterRegistry(upcasters) });
  const database = mongodbDatabase ?? 'patient_invites';
  let documents: MongoDocumentStore | undefined;
  let leadership: MongoLeadership | undefined;
  let subjectKeys: MongoSubjectKeys;
  try {
    documents = await MongoDocumentStore.open({ url: mongodbUrl, database });
    leadership = await MongoLeadership.open(mongodbUrl, database);
    subjectKeys = await MongoSubjectKeys.open(mongodbUrl, database);
  } catch (error) {
    // Nothing half-open is left behind: a process that cannot start exits cleanly.
    await leadership?.close();
    await documents?.close();
    await events.close();
    throw error;
  }
  return profileStores(config, engineOptions, {
    events,
    subjectKeys,
    documents,
    freshness: VERIFY_BY_REVISION,
    leadership,
    async close() {
      await events.close();
      await leadership.close();
      await documents.close();
    },
  });
}
