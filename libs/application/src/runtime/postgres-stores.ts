import { UpcasterRegistry, VERIFY_BY_REVISION } from '@pi/event-store';
import { PostgresEventStore, PostgresLeadership, PostgresSubjectKeys } from '@pi/event-store/postgres';
import type { EngineOptions } from '@pi/read-store';
import { PostgresDocumentStore } from '@pi/read-store/postgres';
import { profileStores, type ProfileStores, type RuntimeConfig } from './profile-stores.js';
import { upcasters } from '../engine/upcasters.js';

/**
 * PROFILE=postgres: the log and the read models in one PostgreSQL database
 * that several API processes and the projector share. Other processes write,
 * so a command verifies its cached state by expected revision (and re-decides
 * on a conflict) rather than trusting a change token.
 */
export async function openPostgresStores(config: RuntimeConfig, engineOptions: EngineOptions): Promise<ProfileStores> {
  const { databaseUrl, databaseSchema } = requirePostgres(config);
  const events = await PostgresEventStore.open({
    url: databaseUrl,
    schema: databaseSchema,
    upcasters: new UpcasterRegistry(upcasters),
  });
  let documents: PostgresDocumentStore | undefined;
  let subjectKeys: PostgresSubjectKeys;
  try {
    documents = await PostgresDocumentStore.open({ url: databaseUrl, schema: databaseSchema });
    subjectKeys = await PostgresSubjectKeys.open({ url: databaseUrl, schema: databaseSchema });
  } catch (error) {
    await documents?.close();
    await events.close();
    throw error;
  }
  return profileStores(config, engineOptions, {
    events,
    subjectKeys,
    documents,
    freshness: VERIFY_BY_REVISION,
    leadership: new PostgresLeadership(databaseUrl, databaseSchema),
    async close() {
      await events.close();
      await documents.close();
    },
  });
}

function requirePostgres(config: RuntimeConfig): { databaseUrl: string; databaseSchema: string } {
  const url = config.stores?.databaseUrl;
  if (!url) throw new Error('PROFILE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database).');
  return { databaseUrl: url, databaseSchema: config.stores?.databaseSchema ?? 'public' };
}
