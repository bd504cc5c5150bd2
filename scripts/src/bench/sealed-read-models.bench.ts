import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED } from '@pi/domain';
import { DataKeyRing, InMemorySubjectKeys, keyEncryptionKeysFrom } from '@pi/event-store';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { contactsProjection, listContacts, searchContacts } from '@pi/projections';
import { ProjectionEngine, rebuildProjection, SealedDocumentStore, type ReadModelStore } from '@pi/read-store';
import { PostgresDocumentStore } from '@pi/read-store/postgres';
import pg from 'pg';
import { contactQueries, latencies, seedContacts, timed, type ContactHistory } from './contact-history.js';

const PAGE = 50;

/**
 * What keeping the read models' personal values sealed costs on PostgreSQL (the profile does, since a deleted
 * value stays readable in its files): the contacts read model of one practice with `count` contacts, built,
 * searched (keyed blind indexes) and listed by name (sorted by the store over the opened documents), plain and
 * sealed side by side in the same run.
 */
export async function sealedReadModelsBench(url: string, count: number, queries: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-sealed-rm-'));
  const db = openSqliteDatabase(join(dir, 'log.sqlite'));
  const schemas: string[] = [];
  try {
    const events = new SqliteEventStore(db);
    const history = await seedContacts(events, count);
    const run = async (mode: 'plain' | 'sealed') => {
      const schema = `bench_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const postgres = await PostgresDocumentStore.open({ url, schema });
      const store: ReadModelStore =
        mode === 'plain'
          ? postgres
          : new SealedDocumentStore(postgres, {
              projections: [contactsProjection],
              keys: new DataKeyRing(
                new InMemorySubjectKeys(),
                keyEncryptionKeysFrom([randomBytes(32).toString('hex')]),
              ),
              root: randomBytes(32).toString('hex'),
              erasedValue: ERASED,
            });
      try {
        return { mode, ...(await measure(events, store, history, queries)) };
      } finally {
        await postgres.close();
      }
    };
    const plain = await run('plain');
    const sealed = await run('sealed');
    const ratio = (key: 'nameSearch' | 'phoneSearch' | 'firstPageByName' | 'secondPageByName') =>
      Number((sealed[key].p50Ms / plain[key].p50Ms).toFixed(2));
    return {
      name: 'sealed-read-models',
      contacts: count,
      queriesEach: queries,
      plain,
      sealed,
      sealedOverPlainAtP50: {
        build: Number((sealed.build.seconds / plain.build.seconds).toFixed(2)),
        nameSearch: ratio('nameSearch'),
        phoneSearch: ratio('phoneSearch'),
        firstPageByName: ratio('firstPageByName'),
        secondPageByName: ratio('secondPageByName'),
      },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

async function measure(events: SqliteEventStore, store: ReadModelStore, history: ContactHistory, queries: number) {
  const build = await rebuildProjection(contactsProjection, events, store, { batchSize: 5000 });
  const engine = new ProjectionEngine(events, store, [contactsProjection], { runProjections: false });
  await engine.start();
  try {
    const { practiceId } = history;
    const { nameQuery, phoneQuery } = contactQueries(history);
    const samples = { name: [] as number[], phone: [] as number[], first: [] as number[], second: [] as number[] };
    for (let i = 0; i < 20; i++) await searchContacts(engine, practiceId, nameQuery(i), 'US', { limit: 20 }); // warm-up
    for (let i = 0; i < queries; i++) {
      await timed(samples.name, () => searchContacts(engine, practiceId, nameQuery(i), 'US', { limit: 20 }));
      await timed(samples.phone, () => searchContacts(engine, practiceId, phoneQuery(i), 'US', { limit: 20 }));
    }
    // The contacts list, by name: fewer rounds, each reads the practice's every contact when sealed.
    for (let i = 0; i < Math.max(5, Math.floor(queries / 20)); i++) {
      let cursor: string | null = null;
      await timed(samples.first, async () => {
        cursor = (await listContacts(engine, practiceId, { limit: PAGE })).nextCursor;
      });
      await timed(samples.second, () => listContacts(engine, practiceId, { limit: PAGE, cursor }));
    }
    return {
      build: { events: build.eventsApplied, seconds: Number(build.seconds.toFixed(2)) },
      nameSearch: latencies(samples.name),
      phoneSearch: latencies(samples.phone),
      firstPageByName: latencies(samples.first),
      secondPageByName: latencies(samples.second),
    };
  } finally {
    await engine.stop();
  }
}
